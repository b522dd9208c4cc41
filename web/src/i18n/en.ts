import type { MessageSchema } from './zh-CN'

const en: MessageSchema = {
  app: {
    fullName: 'Huying · Deputy Work Platform',
  },
  header: {
    switchLanguage: '中文',
    switchLanguageLabel: 'Switch to Chinese',
    toggleMenu: 'Expand or collapse the menu',
    openMenu: 'Open the menu',
  },
  menu: {
    registry: 'Registry',
    regions: 'Regions',
  },
  notFound: {
    title: 'Page not found',
    description: 'The page you asked for does not exist or has been removed.',
    back: 'Back to regions',
  },
  regions: {
    tree: 'Region tree',
    detail: 'Region details',
    selectHint: 'Select a region on the left',
    empty: 'No regions yet',
    code: 'Code',
    name: 'Name',
    level: 'Level',
    path: 'Path',
    congresses: "People's congresses",
    noCongresses: "This region has no people's congress",
    terms: 'Terms',
    noTerms: 'No terms',
    current: 'Current',
    termRange: '{start} to {end}',
    termFrom: 'since {start}',
    levels: {
      province: 'Province',
      city: 'City',
      county: 'County',
      township: 'Township',
    },
  },
  congressLevels: {
    national: 'National',
    provincial: 'Provincial',
    city: 'City',
    county: 'County',
    township: 'Township',
  },
  errors: {
    network: 'Cannot reach the server. Check the network and try again.',
    http: 'Request failed (HTTP {status})',
    requestId: 'Request ID: {id}',
    unknown: 'Something went wrong',
  },
  problem: {
    not_found: 'Not found',
    validation_failed: 'Some fields are invalid',
    unauthorized: 'Please sign in',
    forbidden: 'Not allowed',
    version_conflict: 'Someone else changed this record; reload and try again',
    region_exists: 'A region with this code already exists',
    malformed_json: 'Malformed request',
  },
}

export default en
