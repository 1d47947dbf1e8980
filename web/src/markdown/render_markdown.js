// Markdown with formulas -> safe HTML. Formulas ($…$ inline, $$…$$ display) are cut out
// first and typeset by KaTeX, so markdown never sees (or mangles) their backslashes and
// underscores; the markdown HTML is sanitized by DOMPurify; the typeset formulas (KaTeX's own
// output, trust off) go back in after sanitizing, since DOMPurify would strip their MathML.

import DOMPurify from 'dompurify';
import katex from 'katex';
import 'katex/dist/katex-swap.min.css';
import { marked } from 'marked';

const formulaPattern = /\$\$([\s\S]+?)\$\$|\$([^$\n]+?)\$/g;
const placeholderPattern = /bnlabformula(\d+)x/g;

/** @returns {string} HTML */
export function renderMarkdown(source) {
  const formulas = [];
  const withPlaceholders = source.replace(formulaPattern, (whole, display, inline) => {
    formulas.push(katex.renderToString(display ?? inline, {
      displayMode: display !== undefined, throwOnError: false, trust: false, output: 'htmlAndMathml',
    }));
    return `bnlabformula${formulas.length - 1}x`;
  });
  const sanitized = DOMPurify.sanitize(marked.parse(withPlaceholders, { async: false, gfm: true }));
  return sanitized.replace(placeholderPattern, (whole, index) => formulas[Number(index)]);
}
