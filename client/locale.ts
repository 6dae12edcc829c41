/**
 * The user's language as a Lit context: an app's root element provides it (LangProvider), every
 * element below it reads it and its own catalogue from it (Localized). A language switch reaches
 * every element at once, and no element has `messages` or `lang` handed through properties.
 * Context requests are composed events, so they cross the shadow roots between the root and the
 * element; a nested provider (the kiosk screen, which a walk-in guest may switch) overrides the
 * app's language for what is below it.
 */
import { ContextConsumer, ContextProvider, createContext } from '@lit/context';
import type { ReactiveElement } from 'lit';
import { type Lang, preferredLang, rememberLang } from './i18n.ts';

export const langContext = createContext<Lang>(Symbol('luca-lang'));

/** Held by an app's root element: the language it and everything below it shows. */
export class LangProvider {
  private readonly provider: ContextProvider<typeof langContext>;

  /**
   * `initial` defaults to the user's stored or browser language. An app that is the whole page
   * (`ownsDocument`) also puts it on `<html lang>`; a language switch with `remember` does so too.
   */
  constructor(
    private readonly host: ReactiveElement,
    initial: Lang = preferredLang(),
    { ownsDocument = false }: { ownsDocument?: boolean } = {},
  ) {
    if (ownsDocument) document.documentElement.lang = initial;
    this.provider = new ContextProvider(host, { context: langContext, initialValue: initial });
  }

  get lang(): Lang {
    return this.provider.value;
  }

  /** Shows `lang` from now on; `remember` keeps it for the next visit (the apps, not the widget). */
  set(lang: Lang, { remember }: { remember: boolean }): void {
    if (remember) rememberLang(lang);
    this.provider.setValue(lang);
    this.host.requestUpdate();
  }
}

/** An element's catalogue in the language its app provides; the element re-renders when it changes. */
export class Localized<T> {
  private readonly consumer: ContextConsumer<typeof langContext, ReactiveElement>;

  constructor(
    host: ReactiveElement,
    private readonly catalogues: { de: T; en: NoInfer<T> },
  ) {
    // The consumer is itself a controller of `host`: it asks when the host connects and
    // requests an update whenever the provided language changes.
    this.consumer = new ContextConsumer(host, { context: langContext, subscribe: true });
  }

  /** The provided language; an element shown without an app (a test page) uses the user's preference. */
  get lang(): Lang {
    return this.consumer.value ?? preferredLang();
  }

  get messages(): T {
    return this.catalogues[this.lang];
  }
}
