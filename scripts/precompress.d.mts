import type { Plugin } from 'vite';
export type PrecompressReport = { files: number; bytes: number; br: number; gz: number };
/** Write .br and .gz copies next to the compressible files of `dir` (1 KB and more). */
export function precompressDir(dir: string): PrecompressReport;
/** Vite plugin: precompress the output directory after the build. */
export function precompressPlugin(): Plugin;
