/**
 * Builds the demo space: the answer to its `space:configure` job. Only a space created as the demo's
 * (`metadata.demo: true`, as `npm start`, mock mode and the tests create it) is built; any other space's job is
 * left untouched, ready for the listener that owns that space. Creates the "October Report Workbook" with the
 * contacts sheet and 60 sample contacts, the "Getting started" document, a sample CSV file, and the space's metadata,
 * reporting progress on the way. Running it again on the same space (a retried job) adds nothing twice.
 */
import { jobHandler, type ApiClient, type ListenerPlugin, type StreamEvent } from "../sdk";
import { actionsFor } from "./actions";
import { logged } from "./actions/define";
import { CONTACTS_SLUG, sleep, WORKBOOK_NAME } from "./kit";
import {
  CONTACTS_SHEET,
  DOCUMENT_TITLE,
  GETTING_STARTED,
  SAMPLE_FILE_NAME,
  IMPORT_FILE_NAME,
  importFileCsv,
  sampleContacts,
  sampleFileCsv,
} from "./sample-data";

export const CONFIGURE_JOB = "space:configure";

async function findOrCreateWorkbook(api: ApiClient, spaceId: string) {
  const { data } = await api.workbooks.list({ spaceId });
  const existing = data.find((workbook) => workbook.name === WORKBOOK_NAME);
  if (existing) return existing;
  return api.workbooks.create({
    name: WORKBOOK_NAME,
    spaceId,
    labels: ["primary"],
    sheets: [{ ...CONTACTS_SHEET, actions: actionsFor("sheet") }],
    actions: actionsFor("workbook"),
    metadata: { createdBy: "demo-listener" },
  });
}

async function findOrCreateDocument(api: ApiClient, spaceId: string) {
  const existing = (await api.documents.list(spaceId)).find((document) => document.title === DOCUMENT_TITLE);
  return (
    existing ??
    api.documents.create(spaceId, {
      title: DOCUMENT_TITLE,
      body: GETTING_STARTED,
      actions: actionsFor("document"),
    })
  );
}

async function findOrUploadFile(api: ApiClient, spaceId: string) {
  const { data } = await api.files.list({ spaceId, mode: "export", pageSize: 100 });
  const existing = data.find((file) => file.name === SAMPLE_FILE_NAME);
  return (
    existing ??
    api.files.upload({
      spaceId,
      mode: "export",
      name: SAMPLE_FILE_NAME,
      file: new Blob([sampleFileCsv()], { type: "text/csv" }),
      actions: actionsFor("file"),
    })
  );
}

/**
 * The leads file to import, uploaded for import once. The platform's own worker extracts it; the space is ready when
 * that is done too (a few hundred milliseconds), so whoever opens it finds the file ready to import. Waits 15 s at most:
 * a space whose file is still being read is not a failed space.
 */
async function findOrUploadImportFile(api: ApiClient, spaceId: string, signal: AbortSignal) {
  const { data } = await api.files.list({ spaceId, mode: "import", pageSize: 100 });
  if (data.some((file) => file.name === IMPORT_FILE_NAME)) return;
  const file = await api.files.upload({
    spaceId,
    mode: "import",
    name: IMPORT_FILE_NAME,
    file: new Blob([importFileCsv()], { type: "text/csv" }),
  });
  for (let waited = 0; waited < 15_000; waited += 100) {
    if ((await api.files.get(file.id)).status !== "partial") return;
    await sleep(100, signal);
  }
}

/** True for the space `npm start` created for the demo, the one space this listener builds. */
export const isDemoSpace = (metadata: Record<string, unknown> | undefined) => metadata?.demo === true;

async function ownsSpace(event: StreamEvent, api: ApiClient): Promise<boolean> {
  const spaceId = event.context.spaceId;
  if (!spaceId) return false;
  // A space deleted meanwhile is nobody's to build.
  const space = await api.spaces.get(spaceId).catch(() => undefined);
  return isDemoSpace(space?.metadata);
}

/** The `space:configure` handler, as a listener plugin. */
export const configureSpace: ListenerPlugin = jobHandler(
  CONFIGURE_JOB,
  logged(CONFIGURE_JOB, async (job, tick, { api, signal }) => {
    const spaceId = job.source;

    await tick(10, `Creating the ${WORKBOOK_NAME}`);
    const workbook = await findOrCreateWorkbook(api, spaceId);
    const sheet = workbook.sheets.find((s) => s.slug === CONTACTS_SLUG);
    if (!sheet) throw new Error(`The workbook has no ${CONTACTS_SLUG} sheet`);
    await sleep(250, signal);

    const contacts = sampleContacts();
    await tick(30, `Adding ${contacts.length} sample contacts`);
    const { counts } = await api.sheets.counts(sheet.id);
    if (counts.total === 0) await api.records.insert(sheet.id, contacts);
    await sleep(250, signal);

    await tick(60, `Writing the ${DOCUMENT_TITLE} guide`);
    const document = await findOrCreateDocument(api, spaceId);
    await sleep(250, signal);

    await tick(80, `Uploading ${SAMPLE_FILE_NAME}`);
    const file = await findOrUploadFile(api, spaceId);
    await findOrUploadImportFile(api, spaceId, signal);
    const space = await api.spaces.get(spaceId);

    await tick(95, "Finishing the space");
    await api.spaces.update(spaceId, {
      primaryWorkbookId: workbook.id,
      // PATCH replaces the metadata: keep what the creator put there (`demo: true`, for one).
      metadata: {
        ...space.metadata,
        configuredBy: "demo-listener",
        configuredAt: new Date().toISOString(),
        theme: { primaryColor: "#2563eb" },
        sidebarConfig: { showSidebar: true, defaultPage: { documentId: document.id } },
        resources: { workbookId: workbook.id, sheetId: sheet.id, documentId: document.id, fileId: file.id },
      },
    });
    return {
      heading: "Space ready",
      message: `Created the ${WORKBOOK_NAME} with ${contacts.length} contacts, the ${DOCUMENT_TITLE} guide and ${SAMPLE_FILE_NAME}.`,
    };
  }),
  { ackInfo: "Setting up the October report", accepts: (event, { api }) => ownsSpace(event, api) },
);
