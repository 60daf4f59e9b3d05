/**
 * What modules offer each other: record-derived figures and exportable tables, by code.
 * Filled from the manifests at start-up; a module reads another's numbers only through here.
 */
import type { ExportDef, FigureDef } from './module';

const figures = new Map<string, FigureDef>();
const exportsMap = new Map<string, ExportDef>();

export function registerFigure(code: string, f: FigureDef): void {
  if (figures.has(code)) throw new Error(`figure ${code} registered twice`);
  figures.set(code, f);
}
export function registerExport(code: string, e: ExportDef): void {
  if (exportsMap.has(code)) throw new Error(`export ${code} registered twice`);
  exportsMap.set(code, e);
}
export const findFigure = (code: string): FigureDef | undefined => figures.get(code);
export const listFigures = (): [string, FigureDef][] => [...figures.entries()];
export const findExport = (code: string): ExportDef | undefined => exportsMap.get(code);
export const listExports = (): [string, ExportDef][] => [...exportsMap.entries()];
