import { describe, expect, it } from 'vitest'
import { isAbsolutePath, projectFileFor, typedProjectPath } from './project-file'

const suggested = '/home/me/.zebra/projects/mini.zebra'

describe('the project file box', () => {
  it('an absolute path typed or pasted after the suggestion stands as typed', () => {
    expect(typedProjectPath(suggested, `${suggested}/data/birds.zebra`)).toBe('/data/birds.zebra')
    expect(typedProjectPath(suggested, `${suggested}C:\\work\\birds.zebra`)).toBe('C:\\work\\birds.zebra')
    expect(typedProjectPath(suggested, `${suggested}\\\\nas\\share\\b.zebra`)).toBe('\\\\nas\\share\\b.zebra')
  })

  it('ordinary edits of the box are kept as they are', () => {
    expect(typedProjectPath(suggested, '/data/birds.zebra')).toBe('/data/birds.zebra')
    expect(typedProjectPath(suggested, `${suggested}x`)).toBe(`${suggested}x`)
    expect(typedProjectPath(suggested, suggested.slice(0, -1))).toBe(suggested.slice(0, -1))
    expect(typedProjectPath('', '/a/b.zebra')).toBe('/a/b.zebra')
    // a folder suggestion (no file name yet) may be followed by a sub-path
    expect(typedProjectPath('/home/me/projects', '/home/me/projects/sub/a.zebra')).toBe(
      '/home/me/projects/sub/a.zebra'
    )
  })

  it('the file sent to project.create: absolute as typed, a bare name in the suggested folder', () => {
    expect(projectFileFor('/data/birds.zebra', '/home/me/.zebra/projects')).toBe('/data/birds.zebra')
    expect(projectFileFor('  D:/birds.zebra ', '/home/me/.zebra/projects')).toBe('D:/birds.zebra')
    expect(projectFileFor('birds.zebra', '/home/me/.zebra/projects/')).toBe(
      '/home/me/.zebra/projects/birds.zebra'
    )
    expect(projectFileFor('./sub/b.zebra', '/p')).toBe('/p/sub/b.zebra')
    expect(projectFileFor('b.zebra', 'C:\\Users\\me\\zebra')).toBe('C:\\Users\\me\\zebra\\b.zebra')
    expect(projectFileFor('b.zebra', '')).toBe('b.zebra')
    expect(isAbsolutePath('relative/x')).toBe(false)
  })
})
