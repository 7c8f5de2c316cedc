/**
 * What the demo space is made of: the contacts sheet's fields, 60 sample contacts (a few of them invalid, so the
 * error filter has something to show), the "Getting started" document and a small CSV file.
 */
import { CONTACTS_SLUG, toCsv, type CellValue, type SheetConfigInput } from "./kit";

export const STATUS_OPTIONS = [
  { value: "new", label: "New", description: "Signed up, not contacted yet", color: "#64748b" },
  { value: "contacted", label: "Contacted", description: "We reached out", color: "#2563eb" },
  { value: "qualified", label: "Qualified", description: "Interested and a good fit", color: "#7c3aed" },
  { value: "customer", label: "Customer", description: "Signed a contract", color: "#16a34a" },
  { value: "churned", label: "Churned", description: "Left us", color: "#dc2626" },
];

/** The contacts sheet (its actions are added from the action registry). */
export const CONTACTS_SHEET: Omit<SheetConfigInput, "actions"> = {
  name: "Contacts",
  slug: CONTACTS_SLUG,
  description: "People who signed up in October",
  fields: [
    { key: "firstName", label: "First name", type: "string" },
    { key: "lastName", label: "Last name", type: "string", constraints: [{ type: "required" }] },
    { key: "email", label: "Email", type: "string", constraints: [{ type: "unique" }] },
    { key: "company", label: "Company", type: "string" },
    { key: "age", label: "Age", type: "number" },
    { key: "status", label: "Status", type: "enum", config: { options: STATUS_OPTIONS } },
    { key: "signupDate", label: "Signup date", type: "date" },
  ],
};

const COMPANIES: Record<string, string> = {
  Northwind: "northwind.example",
  Globex: "globex.example",
  Initech: "initech.example",
  "Umbrella Health": "umbrella-health.example",
  "Stark Logistics": "stark-logistics.example",
  Acme: "acme.example",
  Hooli: "hooli.example",
  "Vandelay Imports": "vandelay.example",
  "Wonka Foods": "wonka.example",
  "Pied Piper": "piedpiper.example",
};

// firstName, lastName, company, age, status, signup day in October 2024
const PEOPLE: [string, string, string, number, string, number][] = [
  ["Amelia", "Hughes", "Northwind", 34, "customer", 1],
  ["Noah", "Fischer", "Globex", 41, "qualified", 1],
  ["Olivia", "Martins", "Initech", 29, "new", 2],
  ["Liam", "O'Connor", "Umbrella Health", 52, "contacted", 2],
  ["Sofia", "Rossi", "Stark Logistics", 37, "customer", 3],
  ["Mateo", "García", "Acme", 45, "new", 3],
  ["Hannah", "Schmidt", "Hooli", 31, "qualified", 4],
  ["Lucas", "Dubois", "Vandelay Imports", 26, "new", 4],
  ["Mia", "Kowalski", "Wonka Foods", 39, "contacted", 5],
  ["Ethan", "Nakamura", "Pied Piper", 33, "customer", 5],
  ["Chloe", "Bennett", "Northwind", 48, "churned", 6],
  ["Leo", "Andersson", "Globex", 27, "new", 6],
  ["Isabella", "Costa", "Initech", 36, "qualified", 7],
  ["James", "Whitaker", "Umbrella Health", 58, "customer", 7],
  ["Ava", "Lindqvist", "Stark Logistics", 24, "new", 8],
  ["Benjamin", "Okafor", "Acme", 43, "contacted", 8],
  ["Emma", "Novak", "Hooli", 30, "new", 9],
  ["Daniel", "Moreau", "Vandelay Imports", 50, "qualified", 9],
  ["Grace", "Tanaka", "Wonka Foods", 35, "customer", 10],
  ["Samuel", "Ivanova", "Pied Piper", 28, "new", 10],
  ["Zoe", "Patel", "Northwind", 32, "contacted", 11],
  ["Henry", "Svensson", "Globex", 61, "churned", 11],
  ["Lily", "Romero", "Initech", 25, "new", 12],
  ["Jack", "Brennan", "Umbrella Health", 39, "qualified", 12],
  ["Ella", "Haddad", "Stark Logistics", 44, "customer", 13],
  ["Oscar", "Weber", "Acme", 33, "new", 13],
  ["Aria", "Kim", "Hooli", 27, "contacted", 14],
  ["Felix", "Marchetti", "Vandelay Imports", 46, "new", 14],
  ["Nora", "Jensen", "Wonka Foods", 38, "qualified", 15],
  ["Adam", "Silva", "Pied Piper", 53, "customer", 15],
  ["Ruby", "Campbell", "Northwind", 29, "new", 16],
  ["Hugo", "Lefebvre", "Globex", 35, "contacted", 16],
  ["Layla", "Mensah", "Initech", 42, "new", 17],
  ["Theo", "Becker", "Umbrella Health", 31, "qualified", 17],
  ["Stella", "Horvat", "Stark Logistics", 47, "customer", 18],
  ["Max", "Lindgren", "Acme", 23, "new", 18],
  ["Alice", "Duarte", "Hooli", 40, "contacted", 19],
  ["Elias", "Murphy", "Vandelay Imports", 55, "churned", 19],
  ["Clara", "Yilmaz", "Wonka Foods", 34, "new", 20],
  ["Isaac", "Van Dijk", "Pied Piper", 30, "qualified", 20],
  ["Maya", "Ferreira", "Northwind", 37, "customer", 21],
  ["Arthur", "Nilsen", "Globex", 49, "new", 21],
  ["Freya", "Castillo", "Initech", 26, "contacted", 22],
  ["Jonas", "Keller", "Umbrella Health", 44, "new", 22],
  ["Ivy", "Sato", "Stark Logistics", 32, "qualified", 23],
  ["Leon", "Popescu", "Acme", 51, "customer", 23],
  ["Eva", "Lambert", "Hooli", 28, "new", 24],
  ["Milo", "Reyes", "Vandelay Imports", 36, "contacted", 24],
  ["Rosa", "Nyberg", "Wonka Foods", 42, "new", 25],
  ["Finn", "Gallagher", "Pied Piper", 39, "qualified", 25],
  ["Julia", "Ahmed", "Northwind", 33, "customer", 26],
  ["Victor", "Hansen", "Globex", 57, "new", 26],
  ["Alma", "Rinaldi", "Initech", 31, "contacted", 27],
  ["Otto", "Mäkinen", "Umbrella Health", 45, "new", 27],
];

const emailOf = (first: string, last: string, company: string) =>
  `${first}.${last}`
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z.]/g, "")
    .toLowerCase() + `@${COMPANIES[company] ?? "example.com"}`;

type Row = Record<string, CellValue>;

const VALID_ROWS: Row[] = PEOPLE.map(([firstName, lastName, company, age, status, day]) => ({
  firstName,
  lastName,
  email: emailOf(firstName, lastName, company),
  company,
  age,
  status,
  signupDate: `2024-10-${String(day).padStart(2, "0")}`,
}));

/**
 * Five contacts with a problem each, as a real import brings them along. The repeated email makes Amelia Hughes
 * invalid too, so six records show an error.
 */
const INVALID_ROWS: Row[] = [
  // No last name (required).
  {
    firstName: "Priya",
    lastName: null,
    email: "priya@globex.example",
    company: "Globex",
    age: 29,
    status: "new",
    signupDate: "2024-10-28",
  },
  // The same email as Amelia Hughes (unique): both records show the error.
  {
    firstName: "Amy",
    lastName: "Hughes",
    email: "amelia.hughes@northwind.example",
    company: "Northwind",
    age: 34,
    status: "new",
    signupDate: "2024-10-28",
  },
  // An age typed as words.
  {
    firstName: "Tom",
    lastName: "Berg",
    email: "tom.berg@acme.example",
    company: "Acme",
    age: "thirty-one",
    status: "contacted",
    signupDate: "2024-10-29",
  },
  // A status that is not one of the options.
  {
    firstName: "Lena",
    lastName: "Vogel",
    email: "lena.vogel@hooli.example",
    company: "Hooli",
    age: 38,
    status: "vip",
    signupDate: "2024-10-29",
  },
  // A date in the wrong format.
  {
    firstName: "Marco",
    lastName: "Bianchi",
    email: "marco.bianchi@initech.example",
    company: "Initech",
    age: 47,
    status: "qualified",
    signupDate: "10/30/2024",
  },
];

/** The 60 sample contacts as record values (`{ field: { value } }`); six of them have an error. */
export function sampleContacts(): Record<string, { value: CellValue }>[] {
  // The invalid ones are spread over the sheet rather than all at its end.
  const rows = [...VALID_ROWS];
  INVALID_ROWS.forEach((row, i) => rows.splice(8 + i * 11, 0, row));
  // One more contact, so the sheet has 60 rows.
  rows.push({
    firstName: "Nina",
    lastName: "Kovač",
    email: "nina.kovac@piedpiper.example",
    company: "Pied Piper",
    age: 35,
    status: "new",
    signupDate: "2024-10-31",
  });
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, { value }])));
}

/** A small CSV, stored in the space as last month's export. */
export const SAMPLE_FILE_NAME = "september-contacts.csv";
export const sampleFileCsv = () =>
  toCsv(
    ["firstName", "lastName", "email", "company", "status", "signupDate"],
    [
      ["Ingrid", "Olsen", "ingrid.olsen@northwind.example", "Northwind", "customer", "2024-09-03"],
      ["Pablo", "Ortega", "pablo.ortega@globex.example", "Globex", "qualified", "2024-09-09"],
      ["Yuki", "Mori", "yuki.mori@hooli.example", "Hooli", "new", "2024-09-14"],
      ["Kofi", "Asante", "", "Acme", "contacted", "2024-09-21"],
      ["Lea", "Brunner", "lea.brunner@initech.example", "Initech", "churned", "2024-09-30"],
    ],
  );

/**
 * A file of new leads to import into Contacts (uploaded for import, so the platform extracts it): its headers are
 * written as people write them ("E-mail", "Stage"), one age is not a number and one stage is not an option, so the
 * mapping screen and the flagged values have something to show.
 */
export const IMPORT_FILE_NAME = "new-leads.csv";
export const importFileCsv = () =>
  toCsv(
    ["First Name", "Last Name", "E-mail", "Company", "Age", "Status", "Signed up"],
    [
      ["Amara", "Okafor", "amara.okafor@umbrella.example", "Umbrella", "34", "New", "2024-10-02"],
      ["Jonas", "Berg", "jonas.berg@stark.example", "Stark", "41", "Qualified", "2024-10-05"],
      ["Mei", "Chen", "mei.chen@wayne.example", "Wayne", "twenty-nine", "new", "2024-10-11"],
      ["Diego", "Alvarez", "diego.alvarez@tyrell.example", "Tyrell", "52", "Maybe", "2024-10-19"],
      ["Sofia", "Rossi", "sofia.rossi@cyberdyne.example", "Cyberdyne", "27", "Contacted", "2024-10-23"],
    ],
  );

export const DOCUMENT_TITLE = "Getting started";
/** Where the document's action writes its statistics (everything after this heading is replaced). */
export const STATS_HEADING = "## Statistics";

export const GETTING_STARTED = `# Welcome to the October report

This space holds the **October Report Workbook** with 60 contacts, this page and a sample file. Everything here
can be tried and changed.

## Try the actions

- **Export Data** (top right) runs for a few seconds in front of the page: watch the progress, the changing
  message and the time left, then download the CSV it made.
- The workbook's other actions are in **More actions** next to it:
  - **Submit** asks for a few details in a form and runs in the background: follow it in the Jobs panel.
  - **Validate all** locks the sheet toolbar while it checks every contact.
  - **Sync to CRM** does not get through the first time: use *Try again* in its message.
  - **Sync to billing** meets a busy service twice and retries by itself: the Jobs panel counts its attempts and
    the time to the next one, and the job's details list each attempt with its log.
  - **See exports**, **Publish report** and **Download report** end with a link to this space's files, a link
    to another site and a download.
- In the Contacts sheet, select a few rows and use **Mark as contacted**; **Take snapshot**, **Rows with errors**
  and **Contact details only** are in the sheet's **More actions** menu.
- Every change to the contacts counts them again in the background.

## Import a file

On the Files page, **new-leads.csv** is ready: the platform has already read it. Choose **Import into…** and the
Contacts sheet (or use **Import file** in the Contacts sheet's toolbar with a CSV of your own):
the platform reads the file, proposes which column goes into which field, and imports the rows once you confirm;
values that do not fit are kept and flagged.

Filter the sheet by *errors*: six contacts have a problem (a missing last name, an email used twice, an age in
words, an unknown status, a date in the wrong format).

${STATS_HEADING}

Use **Refresh statistics** above to count the contacts. It also runs by itself every hour: the Jobs panel shows its next run under "Upcoming".
`;
