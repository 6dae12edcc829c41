/** What the office-decrypt bench page is asked to do and what it answers (shared by page and driver). */
export interface OfficeBenchOptions {
  /** Check-ins to generate and decrypt. */
  records: number;
  /** Check-ins per pass in the warm-up before anything is measured. */
  warmup: number;
  /** Rounds of the passes; each figure is the median over the rounds. */
  rounds: number;
  /** In-flight levels for the sweep (inner pass and ECDH, one worker each); empty for none. */
  sweep: number[];
  /** Rounds of the sweep; each level's figure is the best over the rounds (load elsewhere only slows). */
  sweepRounds: number;
}

export interface ProgressFigures {
  messages: number;
  medianGapMs: number;
  maxGapMs: number;
  last: [number, number];
}

export interface PassFigures {
  records: number;
  ms: number;
  perSecond: number;
  failed: number;
  progress: ProgressFigures;
}

export interface RateFigures {
  derives: number;
  ms: number;
  perSecond: number;
}

export interface OfficeBenchFigures {
  records: number;
  rounds: number;
  officeKeys: number;
  /** navigator.hardwareConcurrency */
  cores: number;
  /** Workers decryptReleases starts for this job (workerCount). */
  workers: number;
  /** Records in flight per worker (INNER_CONCURRENCY); the ECDH rates use it too. */
  concurrency: number;
  generateMs: number;
  /** web/venue/outer-layer.worker.ts as shipped (one worker), end to end: worker start and structured clone included. */
  outer: PassFigures;
  /** web/health/inner-layer.worker.ts through decryptReleases with its own choice of workers, end to end. */
  inner: PassFigures;
  /** The same, forced to one worker. */
  innerOneWorker: PassFigures;
  /** ECDH deriveBits in `workers` workers at once. */
  ecdh: RateFigures;
  /** ECDH deriveBits in one worker. */
  ecdhOneWorker: RateFigures;
  /** Median over the rounds of each round's records/s ÷ derives/s (same number of workers, measured back to back). */
  ratio: { outer: number; inner: number; innerOneWorker: number };
  /** Per in-flight level, one worker, timed inside the worker: decryptInnerLayers records/s and ECDH derives/s. */
  sweep: { concurrency: number; innerPerSecond: number; ecdhPerSecond: number }[];
}
