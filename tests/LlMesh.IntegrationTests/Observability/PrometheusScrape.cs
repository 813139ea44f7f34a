using System.Globalization;
using System.Text;

namespace LlMesh.IntegrationTests.Observability;

/// <summary>One <c>/metrics</c> answer in Prometheus' text format, read into samples.</summary>
internal sealed class PrometheusScrape(string text, IReadOnlyList<PrometheusSample> samples)
{
    public string Text { get; } = text;

    public IReadOnlyList<PrometheusSample> Samples { get; } = samples;

    public static async Task<PrometheusScrape> ReadAsync(HttpClient client, Uri? baseAddress = null)
    {
        using var response = await client.GetAsync(new Uri(baseAddress ?? client.BaseAddress!, "metrics"));
        response.EnsureSuccessStatusCode();
        return Parse(await response.Content.ReadAsStringAsync());
    }

    public static PrometheusScrape Parse(string text) =>
        new(text, [.. text.Split('\n').Where(l => l.Length > 0 && !l.StartsWith('#')).Select(ParseLine)]);

    /// <summary>The samples of <paramref name="name"/> whose labels include all of <paramref name="labels"/>.</summary>
    public IReadOnlyList<PrometheusSample> Find(string name, params (string Name, string Value)[] labels) =>
        [.. Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))];

    /// <summary>The value of the one sample of <paramref name="name"/> with those labels, or null while there is none.</summary>
    public double? Get(string name, params (string Name, string Value)[] labels) =>
        Find(name, labels) is [var only] ? only.Value : null;

    /// <summary>The one sample of <paramref name="name"/> with those labels; fails (showing the scrape) when there is none or several.</summary>
    public double Value(string name, params (string Name, string Value)[] labels)
    {
        var found = Find(name, labels);
        Assert.True(found.Count == 1, $"expected one {name}{{{string.Join(',', labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}, found {found.Count} in:\n{Text}");
        return found[0].Value;
    }

    private static PrometheusSample ParseLine(string line)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var brace = line.IndexOf('{', StringComparison.Ordinal);
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        string name;
        int valueStart;
        if (brace >= 0 && brace < space)
        {
            name = line[..brace];
            var i = brace + 1;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var key = line[i..eq];
                var value = new StringBuilder();
                for (i = eq + 2; line[i] != '"'; i++)
                {
                    value.Append(line[i] == '\\' ? line[++i] switch { 'n' => '\n', var c => c } : line[i]);
                }

                labels[key] = value.ToString();
                i++;
                if (line[i] == ',')
                {
                    i++;
                }
            }

            valueStart = i + 2;
        }
        else
        {
            name = line[..space];
            valueStart = space + 1;
        }

        var number = line[valueStart..].Split(' ')[0];
        return new PrometheusSample(name, labels, number switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(number, CultureInfo.InvariantCulture),
        });
    }
}

internal sealed record PrometheusSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
