using System.Diagnostics.Metrics;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using MedPortal.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using YamlDotNet.RepresentationModel;

namespace MedPortal.Tests.Deploy;

/// <summary>
/// deploy/ and the images: the alert rules parse and name only metrics MedPortal exports; the Dockerfile and compose
/// files pass the offline image check (no container engine runs here), and that check catches the old Ubuntu bases.
/// </summary>
public sealed partial class DeployFilesTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    [Fact]
    public async Task AlertRules_ParseAndNameOnlyExportedMetrics()
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(Path.Combine(RepoPaths.Root, "deploy", "prometheus-alerts.yml")))
        {
            yaml.Load(reader);
        }
        var groups = (YamlSequenceNode)((YamlMappingNode)yaml.Documents[0].RootNode)["groups"];
        var rules = groups.Cast<YamlMappingNode>().SelectMany(g => ((YamlSequenceNode)g["rules"]).Cast<YamlMappingNode>()).ToArray();
        var alerts = rules.Select(r => ((YamlScalarNode)r["alert"]).Value!).ToArray();
        Assert.Contains("MedPortalCrisisCaseUnreviewed", alerts);
        Assert.Contains("MedPortalFirstTokenSlow", alerts);
        Assert.Contains("MedPortalHighErrorRate", alerts);
        Assert.Contains("MedPortalAuditChainBroken", alerts);
        Assert.Equal(alerts.Length, alerts.Distinct(StringComparer.Ordinal).Count());

        var exported = await ExportedFamiliesAsync();
        foreach (var rule in rules)
        {
            var expr = ((YamlScalarNode)rule["expr"]).Value!;
            var named = MetricName().Matches(expr).Select(m => Family(m.Value)).Distinct(StringComparer.Ordinal).ToArray();
            Assert.NotEmpty(named);
            foreach (var metric in named)
            {
                Assert.True(exported.Contains(metric), $"{rule["alert"]} names {metric}, which MedPortal does not export. Exported: {string.Join(", ", exported.Order(StringComparer.Ordinal))}");
            }
        }
    }

    [Fact]
    public async Task GrafanaDashboard_NamesOnlyExportedMetrics()
    {
        var json = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "deploy", "grafana-dashboard.json")));
        var exprs = json.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToArray();
        Assert.True(exprs.Length >= 10);
        var exported = await ExportedFamiliesAsync();
        foreach (var metric in exprs.SelectMany(e => MetricName().Matches(e)).Select(m => Family(m.Value)).Distinct(StringComparer.Ordinal))
        {
            Assert.True(exported.Contains(metric), $"the dashboard names {metric}, which MedPortal does not export");
        }
    }

    [Fact]
    public async Task ImageCheck_RepositoryFiles_Pass()
    {
        var result = await ChildProcess.RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", "check-images.sh")]);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("apt package 'chromium' exists in Debian 12", result.Output, StringComparison.Ordinal);
        Assert.Contains("the runtime stage is FROM base-${VARIANT}", result.Output, StringComparison.Ordinal);
        Assert.Contains("NOT VERIFIED image builds", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImageCheck_UbuntuCudaBaseAndMissingPackage_Fail()
    {
        var broken = Path.GetTempFileName();
        try
        {
            var text = (await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "Dockerfile")))
                .Replace("ARG DEBIAN_IMAGE=debian:12-slim", "ARG DEBIAN_IMAGE=nvidia/cuda:12.4.1-runtime-ubuntu22.04", StringComparison.Ordinal)
                .Replace("fonts-dejavu-core", "fonts-dejavu-core no-such-package-medportal", StringComparison.Ordinal);
            await File.WriteAllTextAsync(broken, text);

            var result = await ChildProcess.RunAsync("bash", [Path.Combine(RepoPaths.Root, "scripts", "check-images.sh"), broken]);

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("FAILED   ARG DEBIAN_IMAGE should be debian:12-slim", result.Output, StringComparison.Ordinal);
            Assert.Contains("FAILED   apt package 'no-such-package-medportal' is not in Debian 12's archive", result.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(broken);
        }
    }

    /// <summary>
    /// The families the real app serves on /metrics, plus every instrument of the MedPortal meter named as the Prometheus
    /// exporter names it (a counter or histogram with no measurement yet has no family in the text). The naming rule is
    /// checked against the real text for every instrument that does appear.
    /// </summary>
    private async Task<HashSet<string>> ExportedFamiliesAsync()
    {
        foreach (var type in new[] { typeof(MedPortal.Core.Telemetry.MedPortalTelemetry), typeof(MedPortal.Web.Telemetry.WebMetrics), typeof(MedPortal.Inference.InferenceTelemetry),
                     typeof(MedPortal.Web.Telemetry.ConsultationQueueGauges), typeof(MedPortal.Web.Telemetry.AuditChainGauge) })
        {
            RuntimeHelpers.RunClassConstructor(type.TypeHandle);
        }
        var instruments = new List<Instrument>();
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == MedPortal.Core.Telemetry.MedPortalTelemetry.Name)
                {
                    lock (instruments)
                    {
                        instruments.Add(instrument);
                    }
                }
            };
            listener.Start();
        }
        // ASP.NET Core records a request's duration when the request ends, which can be after its response reached the
        // client: the family appears on /metrics only once some request has ended. Scrape until it has (the scrapes
        // themselves are requests), for at most ten seconds.
        HashSet<string> served = [];
        var deadline = DateTime.UtcNow.AddSeconds(10);
        do
        {
            var context = await fixture.App.Server.SendAsync(http =>
            {
                http.Request.Method = HttpMethods.Get;
                http.Request.Path = "/metrics";
                http.Connection.RemoteIpAddress = IPAddress.Loopback;
            });
            Assert.Equal(200, context.Response.StatusCode);
            var text = await new StreamReader(context.Response.Body).ReadToEndAsync();
            served = TypeLine().Matches(text).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            if (served.Contains("http_server_request_duration_seconds"))
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Contains("http_server_request_duration_seconds", served);

        var declared = instruments.Select(PrometheusName).ToHashSet(StringComparer.Ordinal);
        var servedOwn = served.Where(n => n.StartsWith("medportal_", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(servedOwn);
        foreach (var name in servedOwn)
        {
            Assert.True(declared.Contains(name), $"/metrics serves {name}, which the naming rule does not derive from any instrument: {string.Join(", ", declared)}");
        }
        served.UnionWith(declared);
        return served;
    }

    private static string PrometheusName(Instrument instrument)
    {
        var name = instrument.Name.Replace('.', '_');
        var unit = instrument.Unit switch
        {
            "s" => "_seconds",
            "{token}/s" => "_per_second",
            _ => "",
        };
        if (unit.Length > 0 && !name.EndsWith(unit, StringComparison.Ordinal))
        {
            name += unit;
        }
        var isCounter = instrument.GetType().IsGenericType && instrument.GetType().GetGenericTypeDefinition() == typeof(Counter<>);
        return isCounter ? name + "_total" : name;
    }

    /// <summary>A sample name as the family it belongs to: histogram series end in _bucket, _count or _sum.</summary>
    private static string Family(string sample) => HistogramSuffix().Replace(sample, "");

    [GeneratedRegex(@"\b(?:medportal|http_server)_[a-z0-9_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"_(?:bucket|count|sum)$")]
    private static partial Regex HistogramSuffix();

    [GeneratedRegex(@"^# TYPE (\S+) ", RegexOptions.Multiline)]
    private static partial Regex TypeLine();
}
