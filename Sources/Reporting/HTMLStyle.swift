/// The report's inline stylesheet and script (no external resources).
public enum HTMLStyle {
    /// The stylesheet.
    public static let css = """
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:16px 24px;color:#212529;background:#f8f9fa}
        h1{font-size:22px;margin:0 0 8px}h2{font-size:17px;border-bottom:1px solid #dee2e6;padding-bottom:4px;margin-top:28px}
        h3{font-size:15px;margin:12px 0 6px}h4{margin:10px 0 4px;font-size:13px;color:#495057}small{color:#6c757d;font-weight:normal}
        header dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}dt{color:#6c757d}dd{margin:0;word-break:break-all}
        table{border-collapse:collapse;background:#fff;margin:4px 0}th,td{border:1px solid #dee2e6;padding:3px 8px;text-align:left;vertical-align:top}
        td.num{text-align:right;font-variant-numeric:tabular-nums}code,pre{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}
        pre{background:#212529;color:#f1f3f5;padding:8px;overflow:auto;max-height:420px;white-space:pre-wrap}
        .graph{overflow:auto;background:#fff;border:1px solid #dee2e6;padding:6px}.graph a{cursor:pointer}
        .badge{display:inline-block;padding:0 6px;border-radius:8px;font-size:12px;border:1px solid #adb5bd;background:#fff}
        .state-SUCCEEDED{background:#d8f3dc;border-color:#2d6a4f}.state-CACHED{background:#dbeafe;border-color:#1d4ed8}
        .state-FAILED{background:#fde2e1;border-color:#b42318}.state-CANCELED,.state-INTERRUPTED{background:#ffedd5;border-color:#c2410c}
        .state-SKIPPED,.state-NOT_RUN{background:#f1f3f5;color:#495057}.state-RUNNING{background:#fef9c3}
        .legend span{margin-right:12px;font-size:12px}.legend i{display:inline-block;width:12px;height:12px;border:2px solid;border-radius:3px;margin-right:4px;vertical-align:-2px}
        details.task{background:#fff;border:1px solid #dee2e6;border-radius:6px;margin:6px 0;padding:4px 10px}details.task>summary{cursor:pointer;font-weight:600}
        .artifact{background:#fff;border:1px solid #dee2e6;border-radius:6px;padding:6px 12px;margin:8px 0}
        figure{display:inline-block;margin:6px 24px 6px 0;vertical-align:top}figcaption{font-weight:600;font-size:13px}
        iframe.html-artifact{width:100%;height:420px;border:1px solid #dee2e6;background:#fff}
        .error{color:#b42318;white-space:pre-wrap}.muted{color:#6c757d}.markdown table{margin:6px 0}
        .dag .toggle{cursor:pointer}.dag .toggle:hover rect{fill:#e9ecef}.markdown blockquote{border-left:3px solid #ced4da;margin:6px 0;padding:0 10px;color:#495057}
        .markdown hr{border:0;border-top:1px solid #ced4da}.log-file{font-size:12px}
        """

    /// Opens the details of the task a graph node or table row links to; collapses and expands graph groups
    /// (hiding the nodes, frames and edges inside a group); scrolls a wide graph to its first task and an opened
    /// log to its end.
    public static let script = """
        (function(){function openTarget(){var id=decodeURIComponent(location.hash.slice(1));if(!id)return;
        var el=document.getElementById(id);if(el&&el.tagName==='DETAILS'){el.open=true;el.scrollIntoView();}}
        window.addEventListener('hashchange',openTarget);openTarget();
        var collapsed={};function hidden(el){var g=(el.getAttribute('data-groups')||'').split(' ');
        for(var i=0;i<g.length;i++){if(g[i]&&collapsed[g[i]])return true;}return false;}
        function refresh(svg){var gone={};svg.querySelectorAll('[data-groups]').forEach(function(el){var h=hidden(el);
        el.style.display=h?'none':'';if(h&&el.getAttribute('data-task'))gone[el.getAttribute('data-task')]=true;});
        svg.querySelectorAll('.edge,.edge-label').forEach(function(el){var h=gone[el.getAttribute('data-from')]||gone[el.getAttribute('data-to')];
        el.style.display=h?'none':'';});}
        document.addEventListener('click',function(e){var t=e.target.closest&&e.target.closest('svg.dag .toggle');if(!t)return;
        e.preventDefault();var id=t.getAttribute('data-toggle');collapsed[id]=!collapsed[id];
        t.querySelector('text').textContent=collapsed[id]?'+':'−';refresh(t.ownerSVGElement);});
        window.tarmacRefreshGraphs=function(){document.querySelectorAll('svg.dag').forEach(function(svg){
        svg.querySelectorAll('.toggle').forEach(function(t){var id=t.getAttribute('data-toggle');
        t.querySelector('text').textContent=collapsed[id]?'+':'−';});refresh(svg);});};
        document.querySelectorAll('.graph').forEach(function(box){var top=null;box.querySelectorAll('g.node rect').forEach(function(r){
        var b=r.getBBox();if(!top||b.y<top.y)top=b;});if(top)box.scrollLeft=Math.max(0,top.x+top.width/2-box.clientWidth/2);});
        document.querySelectorAll('details.log').forEach(function(d){d.addEventListener('toggle',function(){var p=d.querySelector('pre');
        if(d.open&&p)p.scrollTop=p.scrollHeight;});});})();
        """
}
