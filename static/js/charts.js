// Draws every [data-chart] element with the local ECharts, from the JSON that
// the page put in the <script> its data-chart attribute names. A data point
// with a `link` opens that list when clicked.
(function () {
  const lang = document.documentElement.lang || "en";
  const money = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const compact = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });
  const palette = ["#3b6ef5", "#22a06b", "#f5a623", "#8e6cef", "#e5484d", "#14b8c4", "#7a869a"];

  function valueOf(item) {
    return item !== null && typeof item === "object" ? item.value : item;
  }

  function format(value, unit) {
    if (value === null || value === undefined || value === "") return "–";
    if (unit === "percent") return `${Math.round(value * 100)}%`;
    if (unit === "money") return `¥${money.format(value)}`;
    return money.format(value);
  }

  function axisLabel(unit) {
    return {
      formatter: (v) => (unit === "percent" ? `${Math.round(v * 100)}%` : compact.format(v)),
      fontSize: 11,
    };
  }

  function tooltip(units) {
    return {
      trigger: "axis",
      confine: true,
      valueFormatter: undefined,
      formatter: (params) => {
        const rows = params.map((p) => `${p.marker}${p.seriesName}: <b>${format(valueOf(p.data), units[p.seriesIndex])}</b>`);
        return [params[0].axisValueLabel, ...rows].join("<br>");
      },
    };
  }

  function barOptions(spec) {
    const units = spec.series.map((s) => s.unit || "number");
    const axes = spec.series.some((s) => s.axis === 1)
      ? [{ type: "value", axisLabel: axisLabel(spec.series.find((s) => !s.axis).unit) },
         { type: "value", axisLabel: axisLabel(spec.series.find((s) => s.axis === 1).unit), splitLine: { show: false } }]
      : [{ type: "value", axisLabel: axisLabel(units[0]) }];
    const categoryAxis = {
      type: "category",
      data: spec.categories,
      axisLabel: spec.horizontal
        ? { fontSize: 11, width: 96, overflow: "truncate" }
        : { fontSize: 11, hideOverlap: true },
    };
    return {
      color: palette,
      tooltip: tooltip(units),
      legend: { type: "scroll", top: 0, textStyle: { fontSize: 11 } },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: spec.horizontal ? axes[0] : categoryAxis,
      yAxis: spec.horizontal ? { ...categoryAxis, inverse: true } : axes,
      series: spec.series.map((s) => ({
        name: s.name,
        type: s.type || "bar",
        stack: s.stack,
        yAxisIndex: spec.horizontal ? 0 : s.axis || 0,
        data: s.data,
        barMaxWidth: 36,
        emphasis: { focus: "series" },
        cursor: "pointer",
      })),
    };
  }

  function funnelOptions(spec) {
    return {
      color: palette,
      tooltip: {
        trigger: "item",
        confine: true,
        formatter: (p) => `${p.name}<br><b>${format(p.value)}</b> · ${format(p.data.amount, "money")}`,
      },
      series: [{
        type: "funnel",
        left: "5%", right: "5%", top: 8, bottom: 8,
        sort: "none",
        minSize: "12%",
        gap: 2,
        label: { show: true, position: "inside", formatter: (p) => `${p.name} ${p.value}`, fontSize: 11 },
        data: spec.items,
      }],
    };
  }

  function heatmapOptions(spec) {
    const max = Math.max(1, ...spec.data.map((d) => d[2]));
    return {
      tooltip: { position: "top", confine: true },
      grid: { left: 8, right: 8, top: 8, bottom: 70, containLabel: true },
      xAxis: { type: "category", data: spec.xs, splitArea: { show: true }, axisLabel: { fontSize: 11 } },
      yAxis: { type: "category", data: spec.ys, splitArea: { show: true }, axisLabel: { fontSize: 11 } },
      visualMap: { min: 0, max, calculable: true, orient: "horizontal", left: "center", bottom: 0, itemHeight: 80 },
      series: [{ type: "heatmap", data: spec.data, label: { show: true, fontSize: 10 } }],
    };
  }

  const builders = { bars: barOptions, funnel: funnelOptions, heatmap: heatmapOptions };

  function draw(element) {
    const source = document.getElementById(element.dataset.chart);
    if (!source || typeof echarts === "undefined") return;
    const spec = JSON.parse(source.textContent);
    const chart = echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(builders[spec.kind](spec));
    chart.on("click", (params) => {
      const link = params.data && params.data.link;
      if (link) window.location.href = link;
    });
    element.dataset.drawn = "true";
    new ResizeObserver(() => chart.resize()).observe(element);
  }

  document.querySelectorAll("[data-chart]").forEach(draw);
})();

// Typing a date in a report's filter means a custom range.
document.querySelectorAll(".filter-bar input[type=date]").forEach((input) => {
  input.addEventListener("change", () => {
    const period = input.form.querySelector("select[name=period]");
    if (period) period.value = "custom";
  });
});
