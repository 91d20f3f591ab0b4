// Types of web-size.mjs for the TypeScript that imports it (the web app's tests).
export const FIRST_SCREEN_BUDGET_BYTES: number;
export interface WebAppSize {
  firstScreenJs: string[];
  firstScreenJsGzip: number;
  firstScreenJsRaw: number;
  cssGzip: number;
  laterJs: string[];
  laterJsGzip: number;
}
export function measureWebApp(dir: string): WebAppSize;
