import HckCore
import Store
import Wire

extension StaticAssets {
    /// hck.css: readable on a phone (one column, tables as cards below 700 px), status colours with
    /// icons, and the 16 ANSI colours of logs.
    static let stylesheet = """
        :root { --fg: #1d1f21; --muted: #6a737d; --bg: #fff; --line: #e1e4e8; --log-bg: #1e1f22; --log-fg: #d8d8d8;
                --ok: #2e9e44; --bad: #d73a3a; --run: #b88a00; --wait: #3b7dd8; --off: #8a8a8a; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
        a { color: #0b62c4; }
        header.top { display: flex; justify-content: space-between; align-items: center; padding: .5rem 1rem;
                     background: #24292e; color: #fff; }
        header.top a { color: #fff; text-decoration: none; margin-right: .75rem; }
        header.top .brand { font-weight: bold; font-size: 1.2rem; }
        header.top button { background: none; border: 1px solid #888; color: #fff; border-radius: 4px; cursor: pointer; }
        main { max-width: 1100px; margin: 0 auto; padding: 1rem; }
        h1 { font-size: 1.5rem; margin: .5rem 0 1rem; display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
        h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; border-bottom: 1px solid var(--line); }
        h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
        form.inline { display: inline; }
        .status { font-weight: 600; white-space: nowrap; }
        .s-success { color: var(--ok); } .s-failed, .s-timeout { color: var(--bad); }
        .s-running { color: var(--run); } .s-queued, .s-pending { color: var(--wait); }
        .s-cancelled, .s-skipped { color: var(--off); }
        h1 .status { font-size: 1rem; padding: .1rem .5rem; border: 1px solid currentColor; border-radius: 1rem; }
        .live h1 .s-running::after { content: " · live"; font-weight: normal; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
        dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        .arch { color: var(--muted); } .tag { background: #eef3fa; border-radius: 3px; padding: 0 .3rem; margin-right: .25rem; }
        .note { overflow-wrap: anywhere; }
        ol.tasks { padding-left: 1.5rem; } ol.tasks li { margin: .2rem 0; }
        .duration, .size, .log-info, .hint, .empty { color: var(--muted); }
        .actions { display: flex; gap: .5rem; margin: 1rem 0; }
        button { font: inherit; padding: .3rem .8rem; border-radius: 4px; border: 1px solid #999; background: #f6f8fa; cursor: pointer; }
        button.danger { border-color: var(--bad); color: var(--bad); }
        pre { overflow-x: auto; }
        pre.manifest { background: #f6f8fa; padding: .75rem; border: 1px solid var(--line); }
        pre.lines { background: var(--log-bg); color: var(--log-fg); padding: .5rem 0; margin: 0; font: 13px/1.35 "DejaVu Sans Mono", monospace;
                    max-height: 70vh; overflow: auto; }
        pre.lines:empty::before { content: "(empty)"; color: #888; padding-left: 1rem; }
        pre.lines .l { display: flex; padding-right: .5rem; min-height: 1.35em; }
        pre.lines .l:target { background: #3a3a20; }
        pre.lines .skip .t { color: var(--muted); font-style: italic; }
        pre.lines .n { flex: none; width: 4.5em; padding-right: .75em; text-align: right; color: #6b6b6b; text-decoration: none; user-select: none; }
        pre.lines .t { white-space: pre-wrap; overflow-wrap: anywhere; min-width: 0; }
        .b { font-weight: bold; } .i { font-style: italic; } .u { text-decoration: underline; }
        .f0 { color: #555; } .f1 { color: #e05561; } .f2 { color: #8cc265; } .f3 { color: #d18f52; }
        .f4 { color: #4aa5f0; } .f5 { color: #c162de; } .f6 { color: #42b3c2; } .f7 { color: #d8d8d8; }
        .f8 { color: #808080; } .f9 { color: #ff616e; } .f10 { color: #a5e075; } .f11 { color: #f0a45d; }
        .f12 { color: #4dc4ff; } .f13 { color: #de73ff; } .f14 { color: #4cd1e0; } .f15 { color: #fff; }
        .g0 { background: #555; } .g1 { background: #e05561; } .g2 { background: #8cc265; } .g3 { background: #d18f52; }
        .g4 { background: #4aa5f0; } .g5 { background: #c162de; } .g6 { background: #42b3c2; } .g7 { background: #d8d8d8; }
        .g8 { background: #808080; } .g9 { background: #ff616e; } .g10 { background: #a5e075; } .g11 { background: #f0a45d; }
        .g12 { background: #4dc4ff; } .g13 { background: #de73ff; } .g14 { background: #4cd1e0; } .g15 { background: #fff; }
        table { border-collapse: collapse; width: 100%; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
        form.filter { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin-bottom: 1rem; }
        form.filter label, form.login label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
        input, select { font: inherit; padding: .25rem .4rem; }
        form.login { display: flex; flex-direction: column; gap: .75rem; max-width: 24rem; }
        form.submit { display: flex; flex-direction: column; gap: .6rem; max-width: 56rem; }
        form.submit label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
        form.submit textarea { font-family: ui-monospace, monospace; font-size: .85rem; width: 100%; box-sizing: border-box; }
        form.submit button { align-self: flex-start; }
        a.button { padding: .3rem .8rem; border-radius: 4px; border: 1px solid #999; background: #f6f8fa; color: inherit; text-decoration: none; }
        header.top nav a + a { margin-left: .75rem; }
        pre.diagnostics { color: var(--bad); white-space: pre-wrap; }
        .error { color: var(--bad); }
        img.badge { height: 20px; }
        ul.builds { list-style: none; margin: 0; padding: 0; } ul.builds li { display: inline-block; margin-right: .6rem; }
        table.branches code { font-size: .75rem; color: var(--muted); overflow-wrap: anywhere; }
        .wide { overflow-x: auto; } table.deliveries td { overflow-wrap: anywhere; min-width: 4rem; }
        .pager { text-align: right; }
        @media (max-width: 700px) {
          main { padding: .6rem; }
          table.jobs thead { display: none; }
          table.jobs, table.jobs tbody { display: block; }
          table.jobs tr { display: block; border: 1px solid var(--line); border-radius: 6px; margin-bottom: .6rem; padding: .3rem; }
          table.jobs td { display: flex; flex-wrap: wrap; gap: .25rem .5rem; border: 0; padding: .15rem .3rem; overflow-wrap: anywhere; }
          table.jobs td > * { min-width: 0; }
          table.jobs td::before { content: attr(data-label); flex: 0 0 6rem; color: var(--muted); }
          pre.lines .n { width: 3.2em; }
          dl.facts { grid-template-columns: 5.5rem minmax(0, 1fr); gap: .15rem .6rem; }
        }
        """
}
