export * from './language'
export { createI18n } from './instance'
