// The stylesheet of a <bnlab-experiment>'s Shadow DOM: the page's own CSS and uPlot's, made to
// apply inside the shadow root only. Inside a shadow root `:root` and `body` match nothing, and
// `rem` follows the HOST page's root font size, which a course page may set to anything; so
// `:root` becomes the widget's root element and `rem` a length the widget owns (--bnlab-rem).
// The root also starts from `all: initial`, so nothing the host page's CSS makes inheritable
// (`* { all: unset }`, a font, a colour on <body>) reaches in through the host element.

import pageCss from '../styles/page.css?inline';
import uplotCss from 'uplot/dist/uPlot.min.css?inline';
import widgetCss from './widget.css?inline';

function scopedToWidget(css) {
  return css
    .replace(/:root\b/g, '.bnlab-root')
    .replace(/(^|[}\s,])body\s*\{[^}]*\}/g, '$1')
    .replace(/(-?\d*\.?\d+)rem\b/g, 'calc($1 * var(--bnlab-rem))');
}

const hostCss = `
:host { display: block; }
:host([hidden]) { display: none; }
.bnlab-root { all: initial; display: block; --bnlab-rem: 16px; }
.bnlab-root[data-height] { overflow: auto; }
`;

/** One CSSStyleSheet for every widget of the page (constructed on first use). */
let sharedSheet = null;

/** The widget's stylesheet, adopted by each shadow root (one parse for all of them). */
export function widgetStyleSheet() {
  if (sharedSheet === null) {
    sharedSheet = new CSSStyleSheet();
    sharedSheet.replaceSync(`${hostCss}\n${scopedToWidget(pageCss)}\n${scopedToWidget(uplotCss)}\n${scopedToWidget(widgetCss)}`);
  }
  return sharedSheet;
}
