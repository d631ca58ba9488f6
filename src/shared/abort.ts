// The one cancellation check: every loop that honours an AbortSignal throws the same AppError.
import { AppError } from './errors'

/** Throws AppError('cancelled') when the signal is aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AppError('cancelled', 'Cancelled.')
}
