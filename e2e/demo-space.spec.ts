import { expect, openSignedIn, snap, test } from "./fixtures";

test("the demo listener builds a space that an end user opens from the link", async ({
  page,
  demo,
}, testInfo) => {
  await openSignedIn(page, demo.userToken, `/space/${demo.spaceId}`);
  await expect(page.getByRole("heading", { level: 1, name: "October Report Workbook" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Contacts/ })).toContainText("60");
  await snap(page, testInfo, "demo-space");
});
