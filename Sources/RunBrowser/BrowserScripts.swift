/// The pages' inline scripts: live updates over Server-Sent Events (`EventSource`), nothing else.
enum BrowserScripts {
    /// Runs page: when the store changes, fetch this page again and swap its table in.
    /// The Compare button sends `/compare?runs=a,b`; ticked boxes stay ticked when the table is swapped.
    static let runsPage = """
        (function(){var status=document.getElementById('live-status');var busy=false,again=false;
        function ticked(){return Array.prototype.map.call(document.querySelectorAll('input[name=run]:checked'),function(c){return c.value;});}
        document.getElementById('compare-form').addEventListener('submit',function(e){e.preventDefault();
        location.href='/compare?runs='+ticked().map(encodeURIComponent).join(',');});
        function refresh(){if(busy){again=true;return;}busy=true;
        fetch(location.pathname+location.search,{headers:{'X-Tarmac-Fragment':'runs-table'}}).then(function(r){return r.text();})
        .then(function(html){var keep=ticked();document.getElementById('runs-table').innerHTML=html;
        document.querySelectorAll('input[name=run]').forEach(function(c){if(keep.indexOf(c.value)>=0)c.checked=true;});})
        .finally(function(){busy=false;if(again){again=false;refresh();}});}
        var source=new EventSource('/events/runs');source.addEventListener('change',refresh);
        source.onopen=function(){status.textContent='live';};source.onerror=function(){status.textContent='reconnecting…';};})();
        """

    /// Run page: repaint graph boxes, table badges and details' badges from each `state` event; fetch the graph
    /// again when new tasks appear; follow the log of an opened task that has not finished.
    static let runPage = """
        (function(){var header=document.getElementById('run-header');if(!header)return;var run=header.getAttribute('data-run');
        var status=document.getElementById('live-status');var finished=%FINISHED%;
        function esc(s){return window.CSS&&CSS.escape?CSS.escape(s):s.replace(/["\\\\]/g,'\\\\$&');}
        function badge(el,state){if(!el)return;el.className='badge state-'+state;el.textContent=state;}
        function paint(snap){badge(header.querySelector('h1 .badge'),snap.state);document.title=document.title.replace(/[^·]+$/,' '+snap.state);
        var unknown=false;snap.tasks.forEach(function(t){var node=document.querySelector('svg.dag g.node[data-task="'+esc(t.name)+'"]');
        if(!node){unknown=true;return;}node.setAttribute('data-state',t.state);var rect=node.querySelector('rect');
        rect.setAttribute('fill',t.fill);rect.setAttribute('stroke',t.stroke);var texts=node.querySelectorAll('text');
        if(texts[1]){texts[1].textContent=t.detail;texts[1].setAttribute('fill',t.stroke);}node.querySelector('title').textContent=t.name+' — '+t.state;
        var link=document.querySelector('table.tasks a[title="'+esc(t.name)+'"]');if(link)badge(link.closest('tr').querySelector('.badge'),t.state);
        var panel=document.querySelector('.panel[data-task="'+esc(t.name)+'"]');if(panel){var d=panel.closest('details');
        badge(d.querySelector('summary .badge'),t.state);d.setAttribute('data-state',t.state);}});
        if(unknown)regraph();}
        window.tarmacRegraph=regraph;function regraph(){return fetch(location.pathname,{headers:{'X-Tarmac-Fragment':'live'}}).then(function(r){return r.text();})
        .then(function(html){document.getElementById('live').innerHTML=html;if(window.tarmacRefreshGraphs)tarmacRefreshGraphs();});}
        var logs={};function follow(pre){var task=pre.getAttribute('data-task');if(logs[task])return;pre.hidden=false;pre.textContent='';
        var src=new EventSource('/runs/'+encodeURIComponent(run)+'/log?task='+encodeURIComponent(task)+'&attempt='+pre.getAttribute('data-attempt'));
        logs[task]=src;src.addEventListener('log',function(e){var end=pre.scrollTop+pre.clientHeight>=pre.scrollHeight-4;
        pre.textContent+=e.data;if(end)pre.scrollTop=pre.scrollHeight;});
        src.addEventListener('end',function(){src.close();});}
        document.querySelectorAll('details.task').forEach(function(d){d.addEventListener('toggle',function(){
        var pre=d.querySelector('pre.live-log');if(d.open&&pre&&!finished)follow(pre);});});
        function openTask(){var m=/^#task=(.+)$/.exec(location.hash);if(!m)return;
        var panel=document.querySelector('.panel[data-task="'+esc(decodeURIComponent(m[1]))+'"]');if(!panel)return;
        var d=panel.closest('details');d.open=true;d.scrollIntoView();}
        window.addEventListener('hashchange',openTask);openTask();
        if(finished){status.textContent='finished';return;}
        var source=new EventSource('/runs/'+encodeURIComponent(run)+'/events');
        source.addEventListener('state',function(e){paint(JSON.parse(e.data));});
        source.addEventListener('end',function(){source.close();status.textContent='finished';});
        source.onopen=function(){status.textContent='live';};source.onerror=function(){status.textContent='reconnecting…';};})();
        """
}
