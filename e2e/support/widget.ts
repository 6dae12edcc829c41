/** Steps with the <luca-checkin> widget that several journeys share. */
import type { Frame, Page } from 'playwright-core';

/** The widget's frame (Playwright's CSS locators pierce the element's shadow root). */
export async function widgetFrame(page: Page): Promise<Frame> {
  const handle = await page
    .locator('luca-checkin iframe')
    .elementHandle()
    .catch(async (error: unknown) => {
      // Say what the element shows instead (its problem text, its attributes): a frame that never
      // came is otherwise a bare timeout.
      const shown = await page
        .locator('luca-checkin')
        .evaluateAll((elements) => elements.map((element) => `${element.outerHTML} → ${element.shadowRoot?.textContent.trim() ?? ''}`))
        .catch(() => ['(no element)']);
      throw new Error(`the widget's frame did not appear: ${shown.join(' | ')}`, { cause: error });
    });
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('the widget has no frame');
  return frame;
}

/**
 * Runs in the host page's own realm: everything its JavaScript can reach of the page, including
 * the element's shadow root and form values; a cross-origin frame's document is out of reach.
 */
export function hostVisibleText(page: Page): Promise<{ text: string; frameReadable: boolean }> {
  return page.evaluate(() => {
    const parts: string[] = [];
    let frameReadable = false;
    const walk = (root: Document | ShadowRoot | Element) => {
      for (const element of Array.from(root.querySelectorAll('*'))) {
        parts.push(element.textContent);
        for (const attribute of Array.from(element.attributes)) parts.push(attribute.value);
        if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) parts.push(element.value);
        if (element.shadowRoot) walk(element.shadowRoot);
        if (element instanceof HTMLIFrameElement) {
          try {
            const inner = element.contentDocument;
            if (inner) {
              frameReadable = true;
              walk(inner);
            }
          } catch {
            // cross-origin: unreadable, as it must be
          }
        }
      }
    };
    walk(document);
    parts.push(
      document.cookie,
      JSON.stringify(Object.fromEntries(Object.entries(localStorage))),
      JSON.stringify(Object.fromEntries(Object.entries(sessionStorage))),
    );
    return { text: parts.join('\n'), frameReadable };
  });
}
