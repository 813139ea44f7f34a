using System.Globalization;
using System.Text;

namespace LlMesh.Infra.Tests.Manifests;

/// <summary>
/// An nginx configuration as a tree of directives: enough to read the snippet in <c>infra/README.md</c>
/// (words, quoted strings, comments, blocks), not a full nginx parser.
/// </summary>
internal sealed record NginxDirective(string Name, IReadOnlyList<string> Arguments, IReadOnlyList<NginxDirective> Block)
{
    public IEnumerable<NginxDirective> All(string name) => Block.Where(d => d.Name == name);

    public NginxDirective? Last(string name) => All(name).LastOrDefault();

    /// <summary>The first <c>```nginx</c> block of a Markdown file.</summary>
    public static NginxDirective FromMarkdown(string markdown)
    {
        const string Fence = "```nginx\n";
        var start = markdown.IndexOf(Fence, StringComparison.Ordinal);
        Assert.True(start >= 0, "no ```nginx block");
        start += Fence.Length;
        return Parse(markdown[start..markdown.IndexOf("```", start, StringComparison.Ordinal)]);
    }

    public static NginxDirective Parse(string text)
    {
        using var tokens = Tokenize(text).GetEnumerator();
        return new NginxDirective("", [], ParseBlock(tokens, topLevel: true));
    }

    /// <summary>nginx time (<c>90</c>, <c>90s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>; a bare number is seconds).</summary>
    public static TimeSpan Time(string value) => value[^1] switch
    {
        'd' => TimeSpan.FromDays(Number(value[..^1])),
        'h' => TimeSpan.FromHours(Number(value[..^1])),
        'm' when !value.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMinutes(Number(value[..^1])),
        's' when value.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMilliseconds(Number(value[..^2])),
        's' => TimeSpan.FromSeconds(Number(value[..^1])),
        _ => TimeSpan.FromSeconds(Number(value)),
    };

    /// <summary>nginx size (<c>512</c>, <c>64k</c>, <c>32m</c>, <c>1g</c>; a bare number is bytes).</summary>
    public static long Size(string value) => char.ToLowerInvariant(value[^1]) switch
    {
        'k' => Number(value[..^1]) << 10,
        'm' => Number(value[..^1]) << 20,
        'g' => Number(value[..^1]) << 30,
        _ => Number(value),
    };

    private static long Number(string value) => long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);

    private static List<NginxDirective> ParseBlock(IEnumerator<string> tokens, bool topLevel)
    {
        var block = new List<NginxDirective>();
        var words = new List<string>();
        while (tokens.MoveNext())
        {
            switch (tokens.Current)
            {
                case ";":
                    block.Add(new NginxDirective(words[0], words.Skip(1).ToArray(), []));
                    words = [];
                    break;
                case "{":
                    block.Add(new NginxDirective(words[0], words.Skip(1).ToArray(), ParseBlock(tokens, topLevel: false)));
                    words = [];
                    break;
                case "}":
                    Assert.False(topLevel, "unbalanced '}'");
                    return block;
                default:
                    words.Add(tokens.Current);
                    break;
            }
        }

        Assert.True(topLevel && words.Count == 0, "unterminated directive or block");
        return block;
    }

    private static IEnumerable<string> Tokenize(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '#')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
            }
            else if (c is ';' or '{' or '}')
            {
                i++;
                yield return c.ToString();
            }
            else if (c is '"' or '\'')
            {
                var end = text.IndexOf(c, i + 1);
                yield return text[(i + 1)..end];
                i = end + 1;
            }
            else
            {
                var word = new StringBuilder();
                while (i < text.Length && !char.IsWhiteSpace(text[i]) && text[i] is not (';' or '{' or '}'))
                {
                    word.Append(text[i++]);
                }

                yield return word.ToString();
            }
        }
    }
}
