/**
 * A drawn figure as one image for assistive technology: the outer SVG gets role="img" and a
 * name (the caption, written from the run), and the marks that Observable Plot labels
 * (`aria-label` on `<g>` and shapes, which ARIA does not allow on elements without a role) get
 * the role that permits a label: `group` for groups, `img` for shapes. Selectors on
 * `g[aria-label]` keep working. `describedBy`: the id of the element holding the figure's
 * description (what it shows and its key numbers), its accessible description.
 */
export function labelFigure(el: Element, name?: string, describedBy?: string): void {
  const svg = el.tagName.toLowerCase() === 'svg' ? el : el.querySelector('svg');
  if (svg) {
    if (!svg.getAttribute('role')) svg.setAttribute('role', 'img');
    if (name && !svg.getAttribute('aria-label')) svg.setAttribute('aria-label', name);
    if (describedBy) svg.setAttribute('aria-describedby', describedBy);
  }
  for (const node of el.querySelectorAll('[aria-label]:not([role])')) node.setAttribute('role', node.tagName.toLowerCase() === 'g' ? 'group' : 'img');
}
