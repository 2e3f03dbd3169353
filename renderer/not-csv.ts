// Runs in the renderer: what the window says about a file that is not CSV at all (failure reason
// `not_csv`), per format main recognized (ImportSummary.detectedFormat): what it is, and how to get
// a CSV file out of it. Main's failureMessage says the same in one sentence (for the CLI).
import type { DetectedFormat } from '../preload/api.ts'

export interface NotCsvHelp {
  /** What the file is, as a heading: "This file is an Excel workbook (.xlsx), not a CSV file". */
  title: string
  /** The list's short line: "An Excel workbook (.xlsx), not CSV". */
  short: string
  /** Why it cannot be read as it is. */
  explanation: string
  /** "How to save it as CSV", or "What to do" where the file itself cannot become a CSV file. */
  stepsTitle: string
  steps: string[]
}

/** Every way out ends with the new file: the failure view's "Choose another file…" button. */
const CHOOSE_IT = 'Choose the new .csv file with “Choose another file…” below.'

const EXCEL_STEPS = [
  'Open the file in Excel.',
  'Choose File › Save As.',
  'For the file format, pick “CSV UTF-8 (Comma delimited)” and save.',
  CHOOSE_IT,
]

const EXPORT_FROM_SOURCE = [
  'Open the app or service the contacts come from (an address book, a CRM, a mail program, a spreadsheet).',
  'Export the contacts as a CSV file.',
  CHOOSE_IT,
]

interface Format {
  /** With its article: "an Excel workbook (.xlsx)". */
  name: string
  explanation: string
  /** False: the file holds no table to save (a PDF, an image); the contacts must come from their source. */
  convertible: boolean
  steps: string[]
}

const SPREADSHEET = 'It is a spreadsheet file, not plain text: the importer reads CSV text only.'

const FORMATS: Record<DetectedFormat, Format> = {
  xlsx: { name: 'an Excel workbook (.xlsx)', explanation: SPREADSHEET, convertible: true, steps: EXCEL_STEPS },
  xls: { name: 'a legacy Excel workbook (.xls)', explanation: SPREADSHEET, convertible: true, steps: EXCEL_STEPS },
  ods: {
    name: 'an OpenDocument spreadsheet (.ods)',
    explanation: SPREADSHEET,
    convertible: true,
    steps: [
      'Open the file in LibreOffice Calc.',
      'Choose File › Save As.',
      'For the file type, pick “Text CSV (.csv)” and save; when asked, keep the Text CSV format with the character set “Unicode (UTF-8)”.',
      CHOOSE_IT,
    ],
  },
  numbers: {
    name: 'an Apple Numbers spreadsheet',
    explanation: SPREADSHEET,
    convertible: true,
    steps: ['Open the file in Numbers.', 'Choose File › Export To › CSV…', 'Choose Save (Next, then Export, on older versions).', CHOOSE_IT],
  },
  zip: {
    name: 'a ZIP archive',
    explanation: 'It is a compressed archive that may hold other files; the importer reads one CSV text file.',
    convertible: true,
    steps: [
      'Open the archive to unpack it.',
      'If it holds a .csv file, choose that one with “Choose another file…” below; if it holds a spreadsheet, save that as CSV first.',
    ],
  },
  vcard: {
    name: 'a contacts card file (vCard, .vcf)',
    explanation: 'It holds contacts as cards, not as the rows and columns of a CSV file.',
    convertible: true,
    steps: [
      'Open the app that made this card file (Google Contacts, Outlook, your phone’s address book…).',
      'Export the contacts as CSV there (Google Contacts: Export › Google CSV; Outlook: File › Open & Export › Import/Export › Export to a file › Comma Separated Values).',
      CHOOSE_IT,
    ],
  },
  pdf: {
    name: 'a PDF document',
    explanation: 'A PDF cannot be imported: its contacts are laid out on pages, not stored as rows and columns.',
    convertible: false,
    steps: EXPORT_FROM_SOURCE,
  },
  png: image('a PNG image'),
  jpeg: image('a JPEG image'),
  gif: image('a GIF image'),
}

function image(name: string): Format {
  return {
    name,
    explanation: 'An image cannot be imported: it is a picture of the contacts, not their data.',
    convertible: false,
    steps: EXPORT_FROM_SOURCE,
  }
}

/** A format main did not name (an import failed before formats were recorded): what main said, and the way out. */
function unnamed(message: string | null): NotCsvHelp {
  return {
    title: 'This file is not a CSV file',
    short: 'Not a CSV file',
    explanation: message?.trim() || 'It is not a text file of rows and columns.',
    stepsTitle: 'How to save it as CSV',
    steps: ['Open it in the app that made it and save or export it as CSV (in Excel: File › Save As › “CSV UTF-8”).', CHOOSE_IT],
  }
}

export function notCsvHelp(format: DetectedFormat | null, message: string | null): NotCsvHelp {
  if (format === null) return unnamed(message)
  const known = FORMATS[format]
  const bare = known.name.replace(/^an? /, '')
  return {
    title: `This file is ${known.name}, not a CSV file`,
    short: `${bare.charAt(0).toUpperCase()}${bare.slice(1)}, not CSV`,
    explanation: known.explanation,
    stepsTitle: known.convertible ? 'How to save it as CSV' : 'What to do',
    steps: known.steps,
  }
}
