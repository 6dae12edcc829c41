/**
 * Registers <luca-overlap-timeline>; the class has no side effects, and this module tolerates
 * being loaded twice (two copies of the class: the first one stays).
 */
import { LucaOverlapTimeline } from './luca-overlap-timeline.ts';

if (!customElements.get('luca-overlap-timeline')) customElements.define('luca-overlap-timeline', LucaOverlapTimeline);

export { LucaOverlapTimeline };
