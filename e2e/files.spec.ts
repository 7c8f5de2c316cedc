import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import {
  admin,
  expect,
  expectNoSeriousViolations,
  openSignedIn,
  preferTheme,
  snap,
  test,
  type DemoSpace,
} from "./fixtures";

const filesPath = (demo: DemoSpace, query = "") => `/space/${demo.spaceId}/files${query}`;
const filesTable = (page: Page) => page.getByRole("table", { name: /files of the space/i });

/** A few MB of CSV, so the upload takes long enough for its progress to show. */
function bigCsv(rows = 60_000): Buffer {
  const lines = ["id,name,email"];
  for (let i = 0; i < rows; i++) lines.push(`${i},Person ${i},person.${i}@example.com`);
  return Buffer.from(`${lines.join("\n")}\n`);
}

// A fresh demo space, uploads of several MB, axe runs and screenshots: more than the default 30 s on a busy machine.
test.describe.configure({ timeout: 90_000 });

test("uploads by the button with a progress bar to 100%, then downloads the file by its name", async ({
  page,
  demo,
}, testInfo) => {
  const bytes = bigCsv();
  await openSignedIn(page, demo.userToken, filesPath(demo));
  await expect(page.getByRole("heading", { level: 1, name: "Files" })).toBeVisible();
  await expect(filesTable(page)).toBeVisible();

  await page.getByLabel("Files to upload as imports").setInputFiles({
    name: "contacts-big.csv",
    mimeType: "text/csv",
    buffer: bytes,
  });
  const uploads = page.getByRole("list", { name: "Uploads" });
  const bar = uploads.getByRole("progressbar", { name: "Upload of contacts-big.csv" });
  await expect(bar).toBeVisible();
  await expect(bar).toHaveAttribute("aria-valuenow", "100");
  await expect(uploads.getByRole("listitem")).toContainText("Uploaded");
  const row = filesTable(page).getByRole("row", { name: /contacts-big\.csv/ });
  await expect(row).toContainText("MB");
  await expect(row).toContainText("CSV");
  // An import CSV is extracted by the platform: its row follows that to the end.
  await expect(row.getByRole("link", { name: "Open the data of contacts-big.csv" })).toBeVisible({
    timeout: 30_000,
  });
  await expect(row).toContainText("Extracted");
  await expect(row).toContainText("Import");
  // Newest first: the upload heads the table.
  await expect(filesTable(page).getByRole("row").nth(1)).toContainText("contacts-big.csv");
  const stored = (await admin.files.list({ spaceId: demo.spaceId })).data.find(
    (file) => file.name === "contacts-big.csv",
  );
  expect(stored?.size).toBe(bytes.length);
  await snap(page, testInfo, "files-uploaded-light");
  await expectNoSeriousViolations(page, "the files page after an upload (light)");

  const [download] = await Promise.all([
    page.waitForEvent("download"),
    row.getByRole("link", { name: "Download contacts-big.csv" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("contacts-big.csv");
  const saved = await download.path();
  expect((await readFile(saved)).equals(bytes)).toBe(true);
});

test("uploads files dropped onto the page, showing a drop zone while they are dragged", async ({
  page,
  demo,
}, testInfo) => {
  await preferTheme(page, "dark");
  await openSignedIn(page, demo.userToken, filesPath(demo, "?mode=import"));
  await expect(page.getByRole("heading", { level: 1, name: "Files" })).toBeVisible();

  const dataTransfer = await page.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add(new File(["name,total\nOctober,42\n"], "dropped-report.csv", { type: "text/csv" }));
    transfer.items.add(new File(['{"ok":true}'], "dropped.json", { type: "application/json" }));
    return transfer;
  });
  await page.dispatchEvent("#main", "dragenter", { dataTransfer });
  await page.dispatchEvent("#main", "dragover", { dataTransfer });
  await expect(page.getByText("Drop files to upload them as imports")).toBeVisible();
  await snap(page, testInfo, "files-drop-zone-dark");

  await page.dispatchEvent("#main", "drop", { dataTransfer });
  await expect(page.getByText("Drop files to upload them as imports")).toBeHidden();
  const uploads = page.getByRole("list", { name: "Uploads" });
  await expect(uploads.getByText("Uploaded")).toHaveCount(2);
  const table = page.getByRole("table", { name: /Import files of the space/ });
  await expect(table.getByRole("row", { name: /dropped-report\.csv/ })).toContainText("Import");
  await expect(table.getByRole("row", { name: /dropped\.json/ })).toBeVisible();
  // The CSV is extracted; the JSON (an object, not a list of rows) cannot be, and its row says why.
  await expect(
    table.getByRole("row", { name: /dropped-report\.csv/ }).getByRole("link", { name: /Open the data/ }),
  ).toBeVisible();
  await expect(table.getByRole("row", { name: /dropped\.json/ })).toContainText("Extraction failed");
  await expect(table.getByRole("row", { name: /dropped\.json/ })).toContainText("could not be read");
  const { data: imports } = await admin.files.list({ spaceId: demo.spaceId, mode: "import" });
  expect(imports.map((file) => file.name)).toEqual(
    expect.arrayContaining(["dropped-report.csv", "dropped.json"]),
  );
  // The two extractions' toasts (one finished, one failed) arrive with their jobs' events: judged once they are in.
  await expect(page.locator('li[data-tone="ok"]')).toBeVisible();
  await expect(page.locator('li[data-tone="error"]')).toBeVisible();
  await snap(page, testInfo, "files-dropped-dark");
  await expectNoSeriousViolations(page, "the files page after a drop (dark)");
});

test("filters by mode, and an operator deletes a file after a confirm", async ({ page, demo }, testInfo) => {
  await admin.files.upload({
    spaceId: demo.spaceId,
    mode: "export",
    file: new Blob(["a,b\n1,2\n"], { type: "text/csv" }),
    name: "old-export.csv",
  });
  const demoFile = await admin.files.get(demo.fileId);
  await openSignedIn(page, demo.operatorToken, filesPath(demo));
  const table = filesTable(page);
  await expect(table.getByRole("row", { name: /old-export\.csv/ })).toBeVisible();
  await expect(table.getByRole("row", { name: new RegExp(demoFile.name.replace(".", "\\.")) })).toBeVisible();

  await page.getByRole("radio", { name: /Exports/ }).click();
  await expect(page).toHaveURL(/\?mode=export$/);
  const exports = page.getByRole("table", { name: /Export files of the space/ });
  const { data: stored } = await admin.files.list({ spaceId: demo.spaceId, mode: "export" });
  await expect(exports.getByRole("row")).toHaveCount(stored.length + 1);
  await expect(exports).toContainText("old-export.csv");
  await expect(exports).not.toContainText(/\bImport\b/);

  await exports.getByRole("button", { name: "Delete old-export.csv" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete old-export.csv?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await snap(page, testInfo, "files-delete-confirm");
  await expectNoSeriousViolations(page, "the delete confirm");
  await dialog.getByRole("button", { name: "Delete", exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(exports.getByRole("row", { name: /old-export\.csv/ })).toHaveCount(0);
  const { data: left } = await admin.files.list({ spaceId: demo.spaceId, mode: "export" });
  expect(left.map((file) => file.name)).not.toContain("old-export.csv");

  await page.getByRole("radio", { name: /All/ }).click();
  await expect(page).toHaveURL(new RegExp(`${filesPath(demo)}$`));
  await expect(filesTable(page).getByRole("row", { name: new RegExp(demoFile.name) })).toBeVisible();
});

test("a user sees no Delete; the page works with the keyboard alone", async ({ page, demo }, testInfo) => {
  const demoFile = await admin.files.get(demo.fileId);
  await openSignedIn(page, demo.userToken, filesPath(demo));
  const row = filesTable(page).getByRole("row", { name: new RegExp(demoFile.name) });
  await expect(row).toBeVisible();
  await expect(page.getByRole("button", { name: /^Delete/ })).toHaveCount(0);

  // Upload: the button opens the file chooser from the keyboard.
  const upload = page.getByRole("button", { name: "Upload files" });
  await upload.focus();
  const choosing = page.waitForEvent("filechooser");
  // Playwright asks the page to hand it file choosers on a channel other than the one keys travel on; a round trip
  // to the page after asking makes sure it is asked before Enter is pressed (or the chooser opens unseen).
  await page.evaluate(() => undefined);
  await page.keyboard.press("Enter");
  const chooser = await choosing;
  expect(chooser.isMultiple()).toBe(true);
  await chooser.setFiles({ name: "typed.csv", mimeType: "text/csv", buffer: Buffer.from("a\n1\n") });
  await expect(page.getByRole("list", { name: "Uploads" }).getByText("Uploaded")).toBeVisible();

  // Download: Tab reaches the name's link, Enter saves the file.
  const link = filesTable(page).getByRole("link", { name: "Download typed.csv" });
  await expect(link).toBeVisible();
  await page.getByRole("button", { name: "Dismiss typed.csv" }).focus();
  for (let i = 0; i < 10 && !(await link.evaluate((el) => el === document.activeElement)); i++) {
    await page.keyboard.press("Tab");
  }
  await expect(link).toBeFocused();
  await snap(page, testInfo, "files-keyboard-focus");
  const [download] = await Promise.all([page.waitForEvent("download"), page.keyboard.press("Enter")]);
  expect(download.suggestedFilename()).toBe("typed.csv");

  // A file without actions of its own has no actions menu; the demo's file has one, and it opens with Enter.
  await expect(filesTable(page).getByRole("button", { name: "Actions for typed.csv" })).toHaveCount(0);
  const menuButton = row.getByRole("button", { name: `Actions for ${demoFile.name}` });
  await menuButton.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("menu")).toBeVisible();
  await expect(page.getByRole("menuitem", { name: "Inspect file" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(menuButton).toBeFocused();
});

test("a file name in the sidebar opens the Files page with that file picked out", async ({ page, demo }) => {
  const demoFile = await admin.files.get(demo.fileId);
  await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}`);
  const sidebar = page.getByRole("navigation", { name: "Space contents" });
  await sidebar.getByRole("link", { name: demoFile.name }).click();
  await expect(page).toHaveURL(new RegExp(`${filesPath(demo)}\\?file=${demoFile.id}$`));
  const row = filesTable(page).getByRole("row", { name: new RegExp(demoFile.name) });
  await expect(row).toHaveAttribute("aria-current", "true");
  await expect(row).toBeInViewport();
  // The sidebar's label, the page's heading and the tab's title say the same.
  await expect(sidebar.getByRole("link", { name: "Files", exact: true })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Files" })).toBeVisible();
  await expect(page).toHaveTitle("Files · Jobs Panel");
});

test("an operator deletes with the keyboard alone; Escape keeps the file", async ({ page, demo }) => {
  const demoFile = await admin.files.get(demo.fileId);
  await openSignedIn(page, demo.operatorToken, filesPath(demo));
  const remove = page.getByRole("button", { name: `Delete ${demoFile.name}` });
  await remove.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: `Delete ${demoFile.name}?` });
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(remove).toBeFocused();

  await page.keyboard.press("Enter");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Delete", exact: true })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(filesTable(page).getByRole("row", { name: new RegExp(demoFile.name) })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Upload files" })).toBeFocused();
});
