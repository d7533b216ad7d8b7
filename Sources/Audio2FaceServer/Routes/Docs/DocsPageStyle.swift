/// The style sheet of `/docs`, inlined in the page so that it needs nothing from the network.
enum DocsPageStyle {
    static let css = """
        :root {
          --ink: #1d2330; --muted: #5b6474; --line: #dfe3ea; --paper: #ffffff; --panel: #f6f8fb;
          --accent: #2456c8; --accent-soft: #e6edfc; --open: #1e7a46; --open-soft: #e3f4ea;
          --key: #9a5b00; --key-soft: #fdf0dc; --old: #8a8f99; --code-bg: #f0f2f6;
        }
        @media (prefers-color-scheme: dark) {
          :root {
            --ink: #e6e9ef; --muted: #a2aaba; --line: #323a48; --paper: #151920; --panel: #1c222b;
            --accent: #7fa5ff; --accent-soft: #1f2d4d; --open: #6fd39b; --open-soft: #173326;
            --key: #f0b35a; --key-soft: #3a2a12; --old: #7b8190; --code-bg: #232a35;
          }
        }
        * { box-sizing: border-box; }
        body {
          margin: 0; background: var(--paper); color: var(--ink);
          font: 15px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
        }
        header.top {
          background: linear-gradient(135deg, #1b3f94, #2f6fe0); color: #fff; padding: 28px 0 22px;
        }
        header.top h1 { margin: 0 0 4px; font-size: 28px; font-weight: 650; letter-spacing: -0.01em; }
        header.top p { margin: 0; opacity: 0.9; }
        header.top .facts { margin-top: 12px; display: flex; flex-wrap: wrap; gap: 8px; }
        header.top .facts span {
          background: rgba(255,255,255,0.16); border-radius: 999px; padding: 2px 12px; font-size: 13px;
        }
        .wrap { max-width: 1020px; margin: 0 auto; padding: 0 24px; }
        nav.toc {
          position: sticky; top: 0; z-index: 2; background: var(--panel); border-bottom: 1px solid var(--line);
        }
        nav.toc .wrap { display: flex; flex-wrap: wrap; gap: 4px 18px; padding-top: 8px; padding-bottom: 8px; }
        nav.toc a { color: var(--accent); text-decoration: none; font-size: 14px; }
        nav.toc a:hover { text-decoration: underline; }
        main { padding: 8px 0 48px; }
        h2 { margin: 36px 0 10px; font-size: 22px; border-bottom: 1px solid var(--line); padding-bottom: 6px; }
        h3 { margin: 22px 0 8px; font-size: 17px; }
        p { margin: 8px 0; }
        a { color: var(--accent); }
        code, pre {
          font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
        }
        code { background: var(--code-bg); border-radius: 4px; padding: 1px 5px; }
        pre { background: var(--code-bg); border-radius: 8px; padding: 12px 14px; overflow-x: auto; }
        pre code { background: none; padding: 0; }
        table { border-collapse: collapse; width: 100%; margin: 10px 0 4px; font-size: 14px; }
        th, td { text-align: left; vertical-align: top; padding: 7px 10px; border-bottom: 1px solid var(--line); }
        th { background: var(--panel); font-weight: 600; color: var(--muted); font-size: 13px; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        td:first-child code { white-space: nowrap; }
        .endpoint {
          border: 1px solid var(--line); border-radius: 10px; margin: 14px 0; background: var(--paper);
          overflow: hidden;
        }
        .endpoint > .head {
          display: flex; flex-wrap: wrap; align-items: center; gap: 10px; padding: 10px 14px;
          background: var(--panel); border-bottom: 1px solid var(--line);
        }
        .endpoint > .body { padding: 4px 14px 10px; }
        .endpoint .path { font-size: 15px; font-weight: 600; background: none; padding: 0; }
        .endpoint .summary { color: var(--muted); }
        .endpoint.deprecated .path { text-decoration: line-through; color: var(--old); }
        .method {
          display: inline-block; min-width: 44px; text-align: center; border-radius: 6px; padding: 1px 8px;
          font-size: 12px; font-weight: 700; letter-spacing: 0.04em; background: var(--accent); color: #fff;
        }
        .method.ws { background: #7b3fc4; }
        .badge { border-radius: 999px; padding: 1px 10px; font-size: 12px; font-weight: 600; }
        .badge.open { background: var(--open-soft); color: var(--open); }
        .badge.key { background: var(--key-soft); color: var(--key); }
        .badge.old { background: var(--code-bg); color: var(--old); }
        .message { border-left: 4px solid var(--accent); padding: 2px 0 2px 14px; margin: 18px 0; }
        .message.server { border-left-color: #7b3fc4; }
        .message .direction { color: var(--muted); font-size: 13px; }
        .flow { counter-reset: step; list-style: none; padding-left: 0; }
        .flow li { counter-increment: step; position: relative; padding-left: 36px; margin: 8px 0; }
        .flow li::before {
          content: counter(step); position: absolute; left: 0; top: 1px; width: 24px; height: 24px;
          border-radius: 50%; background: var(--accent-soft); color: var(--accent); font-weight: 700;
          font-size: 13px; text-align: center; line-height: 24px;
        }
        .note {
          background: var(--accent-soft); border-radius: 8px; padding: 10px 14px; margin: 12px 0;
        }
        .presets code { display: inline-block; margin: 2px 2px; }
        footer { color: var(--muted); font-size: 13px; border-top: 1px solid var(--line); padding: 16px 0 32px; }
        """
}
