export const WIDGET_OUTPUT: string;
export function bundleWidget(): Promise<string>;
