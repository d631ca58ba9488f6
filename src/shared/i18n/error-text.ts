// An AppError as a person reads it, in the interface language: the message (with the transport's
// remedy) under the title of its code. English shows the message alone, as it always did; other
// languages put the translated title first, so the kind of problem is clear even where a detailed
// message is still English only.
import type { i18n as I18n } from 'i18next'
import type { ErrorCode } from '../errors'
import { phrased } from '../remedies'

export function errorText(
  i18n: I18n,
  err: { code: ErrorCode; message: string; details?: unknown },
  where: 'cli' | 'gui'
): string {
  const title = i18n.t(`errors:title.${err.code}`)
  return i18n.t('errors:shown', { title, message: phrased(err, where) })
}
