/** The guide for documentation writers, rendered from the same templates as the collection. */
export {
  changedTemplate,
  guideFileName,
  otherValues,
  valuesCommand,
  guideFiles,
  renderGuides,
  ANAF_PORTAL,
  EU_TRUSTED_LIST_RO,
  type Guide,
  type GuideOptions,
} from './guide';
export {
  CLIENT_ID_PLACEHOLDER,
  DEFAULT_PRODUCT_NAME,
  DOCS_STAGES,
  resolveDocsOptions,
  type DocsOptions,
  type ResolvedDocsOptions,
} from './options';
