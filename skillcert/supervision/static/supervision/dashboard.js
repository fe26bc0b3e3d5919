// Draws the dashboard's charts from the figures in the page; a click on a bar or point opens
// the list behind it (each data row carries its URL).
(function () {
  var figures = JSON.parse(document.getElementById("figures").textContent);
  var names = {certificates: "发证数", results: "评定人数", candidates: "考生", plans: "报备计划", pass_rate: "合格率"};
  window.skillcertCharts = {};
  document.querySelectorAll(".chart").forEach(function (el) {
    var rows = figures[el.dataset.series] || [];
    var label = el.dataset.label;
    var valueKey = el.dataset.value || "certificates";
    var chart = echarts.init(el, null, {renderer: "canvas"});
    var series = [{name: valueKey === "count" ? "预警" : names[valueKey], type: el.id === "chart-month" ? "line" : "bar",
                   data: rows.map(function (r) { return r[valueKey]; })}];
    if (el.id === "chart-month") {
      series.push({name: names.results, type: "line", data: rows.map(function (r) { return r.results; })});
    }
    chart.setOption({
      animation: false,
      tooltip: {trigger: "axis"},
      legend: {top: 0},
      grid: {left: 50, right: 20, top: 30, bottom: 60},
      xAxis: {type: "category", data: rows.map(function (r) { return r[label]; }), axisLabel: {rotate: rows.length > 6 ? 30 : 0}},
      yAxis: {type: "value", minInterval: 1},
      series: series
    });
    chart.on("click", function (params) {
      var row = rows[params.dataIndex];
      if (row && row.url) { window.location.href = row.url; }
    });
    window.skillcertCharts[el.id] = chart;
  });
})();
