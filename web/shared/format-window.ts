/** A visit's window as people read it: "Sa., 28.11., 19:00" to "21:00", in the given language. */
export function formatWindow(start: number, end: number, lang: string): { from: string; to: string } {
  return {
    from: new Date(start).toLocaleString(lang, { weekday: 'short', day: 'numeric', month: 'numeric', hour: '2-digit', minute: '2-digit' }),
    to: new Date(end).toLocaleTimeString(lang, { hour: '2-digit', minute: '2-digit' }),
  };
}
