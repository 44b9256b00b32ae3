// PDFKit's standard-font metric modules (pdfkit/standard-fonts/*), which @types/pdfkit does not declare.
declare module 'pdfkit/standard-fonts/Helvetica' {
  const font: unknown;
  export default font;
}
declare module 'pdfkit/standard-fonts/HelveticaBold' {
  const font: unknown;
  export default font;
}
