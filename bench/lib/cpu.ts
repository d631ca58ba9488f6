// CPU time of this whole process (every thread: main, workers, onnxruntime, libvips), in ms.
export function cpuMs(): number {
  const u = process.cpuUsage()
  return (u.user + u.system) / 1000
}
