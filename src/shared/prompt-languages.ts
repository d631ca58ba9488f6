// Prompt templates in other languages: the starting point of a template set written in one
// (editable as any set). Each is the CLIP paper's ImageNet ensemble idea ("a photo of a {}.", a
// blurry photo, a close-up, …) said the way a speaker of that language captions a photo; where a
// language inflects the noun after "of" (Russian), a colon keeps the label's own form. A set in a
// language is filled with the labels' names in that language (Label.names), else their own names.
import { z } from 'zod'
import { labelDescription, labelName } from './input-fields'

export interface PromptLanguage {
  /** BCP 47 primary language subtag, the key of Label.names */
  code: string
  /** the language's name in itself, as a picker shows it */
  name: string
  /** the English name, for the CLI's list and screen readers */
  english: string
  templates: readonly string[]
}

export const PROMPT_LANGUAGES: readonly PromptLanguage[] = [
  {
    code: 'en',
    name: 'English',
    english: 'English',
    templates: [
      'a photo of a {}.',
      'a bad photo of a {}.',
      'a photo of many {}.',
      'a low resolution photo of a {}.',
      'a close-up photo of a {}.',
      'a good photo of a {}.',
      'a photo of the large {}.'
    ]
  },
  {
    code: 'zh',
    name: '中文',
    english: 'Chinese',
    templates: [
      '一张{}的照片。',
      '一张{}的图片。',
      '一张模糊的{}的照片。',
      '一张{}的特写照片。',
      '一张清晰的{}的照片。',
      '一张低分辨率的{}的照片。'
    ]
  },
  {
    code: 'ja',
    name: '日本語',
    english: 'Japanese',
    templates: [
      '{}の写真。',
      '{}の画像。',
      'ぼやけた{}の写真。',
      '{}のクローズアップ写真。',
      '{}の良い写真。',
      '低解像度の{}の写真。'
    ]
  },
  {
    code: 'ko',
    name: '한국어',
    english: 'Korean',
    templates: ['{}의 사진.', '{}의 이미지.', '흐릿한 {}의 사진.', '{}의 클로즈업 사진.', '{}의 좋은 사진.']
  },
  {
    code: 'es',
    name: 'Español',
    english: 'Spanish',
    templates: [
      'una foto de un {}.',
      'una foto de una {}.',
      'una imagen de un {}.',
      'una foto borrosa de un {}.',
      'un primer plano de un {}.',
      'una buena foto de un {}.'
    ]
  },
  {
    code: 'de',
    name: 'Deutsch',
    english: 'German',
    templates: [
      'ein Foto von einem {}.',
      'ein Foto von einer {}.',
      'ein Bild von einem {}.',
      'ein unscharfes Foto von einem {}.',
      'eine Nahaufnahme von einem {}.',
      'ein gutes Foto von einem {}.'
    ]
  },
  {
    code: 'fr',
    name: 'Français',
    english: 'French',
    templates: [
      "une photo d'un {}.",
      "une photo d'une {}.",
      "une image d'un {}.",
      "une photo floue d'un {}.",
      "un gros plan d'un {}.",
      "une bonne photo d'un {}."
    ]
  },
  {
    code: 'pt',
    name: 'Português',
    english: 'Portuguese',
    templates: [
      'uma foto de um {}.',
      'uma foto de uma {}.',
      'uma imagem de um {}.',
      'uma foto desfocada de um {}.',
      'um close-up de um {}.'
    ]
  },
  {
    code: 'it',
    name: 'Italiano',
    english: 'Italian',
    templates: [
      'una foto di un {}.',
      'una foto di una {}.',
      "un'immagine di un {}.",
      'una foto sfocata di un {}.',
      'un primo piano di un {}.'
    ]
  },
  {
    code: 'ru',
    name: 'Русский',
    english: 'Russian',
    templates: ['фотография: {}.', 'изображение: {}.', 'размытая фотография: {}.', 'крупный план: {}.']
  },
  {
    code: 'ar',
    name: 'العربية',
    english: 'Arabic',
    templates: ['صورة {}.', 'صورة ضبابية ل{}.', 'صورة مقربة ل{}.', 'صورة جيدة ل{}.']
  },
  {
    code: 'hi',
    name: 'हिन्दी',
    english: 'Hindi',
    templates: ['{} की एक तस्वीर।', '{} की एक फ़ोटो।', '{} की एक धुंधली तस्वीर।', '{} की एक क्लोज़-अप तस्वीर।']
  }
]

/** A language code as Label.names and TemplateSet.language keep it: 'zh', 'pt-br', 'yue'. */
export const languageCode = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/, 'a language code such as zh, ja, de or pt-br')

/** A label's names in other languages as a request carries them (the whole map). */
export const labelNamesInput = z
  .record(
    languageCode,
    z.object({ name: labelName, descriptions: z.array(labelDescription).max(20).default([]) })
  )
  .refine((m) => Object.keys(m).length <= 60, 'at most 60 languages per label')

/** The preset of a language code, or undefined; 'zh-cn' finds 'zh'. */
export function promptLanguage(code: string): PromptLanguage | undefined {
  const c = code.toLowerCase()
  return (
    PROMPT_LANGUAGES.find((l) => l.code === c) ?? PROMPT_LANGUAGES.find((l) => l.code === c.split('-')[0])
  )
}

/**
 * The name and descriptions that fill a template set's prompts: the label's names in the set's
 * language when it has them ('zh-cn' falls back to 'zh'), else its own (a set with no language,
 * or a label nobody translated: better an English word in a Chinese prompt than no class at all).
 */
export function labelTextIn(
  label: {
    name: string
    descriptions: string[]
    names?: Record<string, { name: string; descriptions: string[] }>
  },
  language: string | null | undefined
): { name: string; descriptions: string[] } {
  if (language) {
    const names = label.names ?? {}
    const t = names[language.toLowerCase()] ?? names[language.toLowerCase().split('-')[0]!]
    if (t?.name.trim()) return { name: t.name, descriptions: t.descriptions }
  }
  return { name: label.name, descriptions: label.descriptions }
}
