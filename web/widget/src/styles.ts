/** The widget's styles, scoped by its shadow root: the host page's CSS cannot reach in, nor ours out. */
export const css = `
:host { all: initial; position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; }
* { box-sizing: border-box; }
.launcher { width: 56px; height: 56px; border-radius: 50%; border: 0; background: #0b5cad; color: #fff; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); font: inherit; font-size: 24px; }
.launcher:focus-visible, button:focus-visible, textarea:focus-visible { outline: 3px solid #f5b400; outline-offset: 2px; }
.panel { position: absolute; right: 0; bottom: 72px; width: min(370px, calc(100vw - 40px)); height: min(540px, calc(100vh - 120px)); display: flex; flex-direction: column; background: #fff; border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.25); overflow: hidden; }
.panel[hidden] { display: none; }
header { display: flex; align-items: center; justify-content: space-between; padding: 12px 16px; background: #0b5cad; color: #fff; }
header h2 { margin: 0; font-size: 16px; font-weight: 600; }
header button { background: none; border: 0; color: inherit; font-size: 22px; cursor: pointer; line-height: 1; }
.status { padding: 6px 16px; font-size: 13px; background: #fff4d6; color: #5c4400; }
.status:empty { display: none; }
ol { list-style: none; margin: 0; padding: 12px 16px; flex: 1; overflow-y: auto; display: flex; flex-direction: column; gap: 8px; }
.intro { font-size: 13px; color: #4a5563; }
.msg { max-width: 85%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
.msg p { margin: 0; }
.msg small { display: block; margin-top: 2px; font-size: 11px; opacity: .75; }
.msg.mine { align-self: flex-end; background: #0b5cad; color: #fff; border-bottom-right-radius: 4px; }
.msg.theirs { align-self: flex-start; background: #eef1f5; border-bottom-left-radius: 4px; }
.msg.failed { background: #b3261e; }
.typing { padding: 0 16px 6px; font-size: 12px; color: #4a5563; min-height: 18px; }
form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #e3e7ec; }
textarea { flex: 1; resize: none; height: 42px; padding: 9px 10px; border: 1px solid #b8c0cc; border-radius: 8px; font: inherit; color: inherit; }
form .attach { background: none; color: #0b5cad; padding: 0 4px; font-size: 20px; }
form button { border: 0; border-radius: 8px; padding: 0 14px; background: #0b5cad; color: #fff; font: inherit; cursor: pointer; }
`;

/**
 * A constructed stylesheet where the browser has them (not subject to the host page's style-src),
 * else a <style> element inside the shadow root.
 */
export function applyStyles(root: ShadowRoot): void {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    return;
  }
  const style = document.createElement('style');
  style.textContent = css;
  root.append(style);
}
