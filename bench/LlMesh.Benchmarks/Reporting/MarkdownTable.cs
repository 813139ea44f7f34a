using System.Text;

namespace LlMesh.Benchmarks.Reporting;

/// <summary>A GitHub-flavoured Markdown table: a header row, then rows of already formatted cells.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];
    private int _leftAligned = 1;

    /// <summary>Aligns the first <paramref name="columns"/> columns left (text); the rest stay right-aligned (numbers).</summary>
    public MarkdownTable AlignLeft(int columns)
    {
        _leftAligned = columns;
        return this;
    }

    public MarkdownTable Add(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    public void WriteTo(StringBuilder text)
    {
        text.Append("| ").AppendJoin(" | ", headers).AppendLine(" |");
        text.Append('|').AppendJoin("|", headers.Select((_, i) => i < _leftAligned ? ":---" : "---:")).AppendLine("|");
        foreach (var row in _rows)
        {
            text.Append("| ").AppendJoin(" | ", row).AppendLine(" |");
        }

        text.AppendLine();
    }
}
