import type { Locator, Page } from "@playwright/test";

/**
 * Replaces a Monaco editor's text the way a person pastes it (typing would trigger Monaco's
 * bracket and quote auto-closing and garble the text).
 */
export async function replaceEditorText(page: Page, editor: Locator, text: string) {
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  // Runs in the page; this package's types are Node's, so the browser global is reached untyped.
  await page.evaluate(
    (t) =>
      (
        globalThis as unknown as { navigator: { clipboard: { writeText(t: string): Promise<void> } } }
      ).navigator.clipboard.writeText(t),
    text,
  );
  await editor.locator(".monaco-editor").first().click();
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("ControlOrMeta+V");
}
