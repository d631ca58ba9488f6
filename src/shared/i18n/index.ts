export * from './language'
export { createI18n } from './instance'
export { NAMESPACES, resources, type Namespace } from './resources'
