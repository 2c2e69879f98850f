// How far the customers pass has come, for whoever shows it (the CLI's bar on a terminal); the
// scheduled sync shows nothing.

export interface Progress {
  advance(done: number): void
  finish(): void
}

export const QUIET: Progress = { advance: () => undefined, finish: () => undefined }
