/**
 * Every page of the dashboard, at a desktop and a phone width, in the light and the dark theme: each page is opened
 * as its user would open it, waited on until it has settled (its heading shown, nothing loading), photographed whole
 * and judged by axe. One test per width and theme walks all the pages over one demo space, so the theme a visitor
 * gets from the system (and keeps for the tab) is the one asked for.
 *
 * The screenshots are attached to the test; with SHOTS_DIR set they are also written there as
 * `<page>-<width>-<theme>.png`, to be looked at side by side.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Locator, Page, TestInfo } from "@playwright/test";
import {
  admin,
  expect,
  expectNoSeriousViolations,
  openSignedIn,
  preferTheme,
  settled,
  test,
  type DemoSpace,
} from "./fixtures";

const WIDTHS = [
  { width: 1440, height: 900 },
  { width: 390, height: 844 },
] as const;
const THEMES = ["light", "dark"] as const;

/** A small CSV whose headers the matcher knows, so the mapping page has a plan to show. */
const CSV = [
  "First Name,Last Name,E-mail,Company",
  "Ada,Lovelace,ada@example.com,Analytical Engines",
  "Grace,Hopper,grace@example.com,Navy",
  "Alan,Turing,alan@example.com,Bletchley",
].join("\n");

/** What the pages need besides the demo space: an extracted file with its import waiting on a mapping, a snapshot. */
async function extraResources(demo: DemoSpace) {
  const file = await admin.files.upload({
    spaceId: demo.spaceId,
    name: "new-contacts.csv",
    file: new Blob([CSV], { type: "text/csv" }),
  });
  const snapshot = await admin.snapshots.create({ sheetId: demo.sheet.id, label: "Before the campaign" });
  const { data: extracts } = await admin.jobs.list({ spaceId: demo.spaceId, operation: "extract" });
  const extract = extracts.find((job) => job.source === file.id);
  if (!extract) throw new Error("the upload got no extract job");
  expect((await settled(extract.id)).status).toBe("complete");
  const extracted = await admin.files.get(file.id);
  if (!extracted.workbookId || !extracted.sheetId) throw new Error("the extracted file names no sheet");
  const importJob = await admin.jobs.create({
    type: "workbook",
    operation: "map",
    source: extracted.workbookId,
    destination: demo.workbook.id,
    config: { sourceSheetId: extracted.sheetId, destinationSheetId: demo.sheet.id },
  });
  return { extractJobId: extract.id, importJobId: importJob.id, snapshot };
}

type Resources = Awaited<ReturnType<typeof extraResources>>;

type Visit = {
  /** The screenshot's name. */
  name: string;
  /** Who opens it: nobody (signed out), the space's end user, or an operator. */
  as: "nobody" | "user" | "operator";
  path: (demo: DemoSpace, resources: Resources) => string;
  /** The page's main heading, by its name where the page names it from the data. */
  heading: (demo: DemoSpace, resources: Resources) => string | RegExp;
  /** What else shows the page is ready. */
  ready?: (page: Page, demo: DemoSpace) => Promise<void>;
};

const space = (demo: DemoSpace) => `/space/${demo.spaceId}`;

const gridLoaded = async (page: Page) => {
  const grid = page.getByRole("grid", { name: "Records" });
  await expect(grid.locator('[data-slot="record-cell"]').first()).toBeVisible();
};

/** Every route of src/web/app/router.tsx, in the order a person meets them. */
const VISITS: Visit[] = [
  { name: "signed-out", as: "nobody", path: () => "/", heading: () => "Jobs Panel" },
  {
    name: "space-overview",
    as: "user",
    path: (demo) => space(demo),
    heading: (demo) => demo.workbook.name,
  },
  {
    name: "sheet",
    as: "user",
    path: (demo) => `${space(demo)}/workbook/${demo.workbook.id}/sheet/${demo.sheet.id}`,
    heading: (demo) => demo.sheet.name,
    ready: gridLoaded,
  },
  {
    // As an outcome names a sheet: by its id, with the rows to fix; it is sent on to the sheet's own page.
    name: "sheet-by-id",
    as: "user",
    path: (demo) => `${space(demo)}/sheets/${demo.sheet.id}?filter=error`,
    heading: (demo) => demo.sheet.name,
    ready: async (page, demo) => {
      await expect(page).toHaveURL(new RegExp(`/workbook/${demo.workbook.id}/sheet/${demo.sheet.id}`));
    },
  },
  { name: "files", as: "user", path: (demo) => `${space(demo)}/files`, heading: () => "Files" },
  {
    name: "files-imports",
    as: "user",
    path: (demo) => `${space(demo)}/files?mode=import`,
    heading: () => "Files",
    ready: async (page) => {
      await expect(page.getByRole("link", { name: "Open the data of new-contacts.csv" })).toBeVisible();
    },
  },
  {
    name: "import-mapping",
    as: "user",
    path: (demo, resources) => `${space(demo)}/imports/${resources.importJobId}`,
    heading: () => "Match the columns",
    ready: async (page) => {
      await expect(page.getByRole("button", { name: /^Import 3 rows/ })).toBeVisible();
    },
  },
  {
    name: "document",
    as: "user",
    path: (demo) => `${space(demo)}/document/${demo.documentId}`,
    heading: () => /./,
  },
  {
    name: "space-jobs",
    as: "user",
    path: (demo) => `${space(demo)}/jobs`,
    heading: () => /./,
    ready: async (page) => {
      await expect(page.getByRole("row").nth(1)).toBeVisible();
    },
  },
  {
    name: "job-detail",
    as: "user",
    path: (demo, resources) => `${space(demo)}/jobs/${resources.extractJobId}`,
    heading: () => /new-contacts\.csv/,
  },
  {
    name: "snapshots",
    as: "user",
    path: (demo) => `${space(demo)}/sheets/${demo.sheet.id}/snapshots`,
    heading: (demo) => `Snapshots of ${demo.sheet.name}`,
    ready: async (page) => {
      await expect(page.getByRole("link", { name: "Before the campaign" })).toBeVisible();
    },
  },
  {
    name: "snapshot",
    as: "user",
    path: (demo, resources) => `${space(demo)}/sheets/${demo.sheet.id}/snapshots/${resources.snapshot.id}`,
    heading: () => "Before the campaign",
    ready: async (page) => {
      await expect(page.getByRole("table", { name: /Records of the snapshot/ })).toBeVisible();
    },
  },
  { name: "spaces", as: "operator", path: () => "/", heading: () => "Spaces" },
  {
    name: "operator-jobs",
    as: "operator",
    path: () => "/jobs",
    heading: () => /./,
    ready: async (page) => {
      await expect(page.getByRole("row").nth(1)).toBeVisible();
    },
  },
  {
    name: "listeners",
    as: "operator",
    path: () => "/listeners",
    heading: () => "Listeners",
    ready: async (page) => {
      await expect(page.getByText("demo-listener").first()).toBeVisible();
    },
  },
  {
    name: "metrics",
    as: "operator",
    path: () => "/jobs/metrics",
    heading: () => "Metrics",
    ready: async (page) => {
      await expect(page.getByText(/\d+ created, \d+ completed/)).toBeVisible();
    },
  },
];

/** Nothing on the page is still loading: no "Loading …" line, no busy placeholder. */
async function nothingLoading(page: Page) {
  await expect(page.getByText(/^(Loading|Opening)\b/)).toHaveCount(0);
  await expect(page.locator('[aria-busy="true"]:visible')).toHaveCount(0);
}

/** The whole page as a test attachment and, with SHOTS_DIR set, as a file there. */
async function photograph(page: Page, testInfo: TestInfo, name: string) {
  // Finite animations (a toast fading in) are shown at their end, as a person sees the page a moment later.
  const image = await page.screenshot({ fullPage: true, animations: "disabled" });
  await testInfo.attach(name, { body: image, contentType: "image/png" });
  const dir = process.env.SHOTS_DIR;
  if (dir) {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, `${name}.png`), image);
  }
}

const mainHeading = (page: Page, name: string | RegExp): Locator =>
  page.getByRole("heading", { level: 1, name });

// Fourteen pages, each photographed and judged by axe, over one fresh demo space.
test.describe.configure({ timeout: 150_000 });

for (const size of WIDTHS) {
  for (const theme of THEMES) {
    test(`every page at ${size.width} px in the ${theme} theme is settled, axe clean and never scrolls sideways`, async ({
      page,
      demo,
    }, testInfo) => {
      await preferTheme(page, theme);
      await page.setViewportSize(size);
      const resources = await extraResources(demo);
      // Findings are gathered page by page, so one page's finding does not hide the others' (or their shots).
      const findings: string[] = [];
      let signedInAs: Visit["as"] = "nobody";
      for (const visit of VISITS) {
        await test.step(visit.name, async () => {
          const path = visit.path(demo, resources);
          if (visit.as === signedInAs || visit.as === "nobody") await page.goto(path);
          else await openSignedIn(page, visit.as === "user" ? demo.userToken : demo.operatorToken, path);
          signedInAs = visit.as;
          await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
          await expect(mainHeading(page, visit.heading(demo, resources))).toBeVisible();
          if (visit.as !== "nobody")
            await expect(page.locator('[data-slot="connection-indicator"]')).toHaveAttribute(
              "data-status",
              "live",
            );
          await visit.ready?.(page, demo);
          await nothingLoading(page);
          const what = `${visit.name} at ${size.width} px (${theme})`;
          try {
            await expectNoSeriousViolations(page, what);
          } catch (error) {
            findings.push((error as Error).message);
          }
          await photograph(page, testInfo, `${visit.name}-${size.width}-${theme}`);
          // Wide content (a table, a grid) scrolls inside its own box; neither the page nor its main region (which
          // scrolls under the fixed header) ever scrolls sideways.
          const sideways = await page.evaluate(() =>
            [document.documentElement, document.querySelector("main")].map((box) =>
              box ? box.scrollWidth - box.clientWidth : 0,
            ),
          );
          if (sideways[0]! > 0) findings.push(`${what}: the page scrolls ${sideways[0]} px sideways`);
          if (sideways[1]! > 0) findings.push(`${what}: the main region scrolls ${sideways[1]} px sideways`);
        });
      }
      expect(findings, "axe violations and sideways scrolling").toEqual([]);
    });
  }
}
