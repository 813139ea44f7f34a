namespace LlMesh.Testing.Telemetry;

/// <summary>One span as an OTLP exporter sent it; ids in lower-case hex, as in <c>traceparent</c>.</summary>
/// <param name="Kind">OTLP's span kind: 1 internal, 2 server, 3 client.</param>
/// <param name="StatusCode">OTLP's status code: 0 unset, 1 ok, 2 error.</param>
public sealed record OtlpSpan(
    string Service,
    string Scope,
    string TraceId,
    string SpanId,
    string ParentSpanId,
    string Name,
    int Kind,
    int StatusCode,
    IReadOnlyDictionary<string, string> Attributes)
{
    public const int ServerKind = 2;
    public const int ClientKind = 3;

    public string? Attribute(string name) => Attributes.TryGetValue(name, out var value) ? value : null;

    /// <summary>Reads the spans of an OTLP/HTTP protobuf <c>ExportTraceServiceRequest</c>.</summary>
    public static IReadOnlyList<OtlpSpan> ReadExport(ReadOnlySpan<byte> request)
    {
        var spans = new List<OtlpSpan>();
        var export = new ProtobufReader(request);
        while (export.Next())
        {
            if (export.Field == 1)
            {
                ReadResourceSpans(export.Bytes, spans);
            }
        }

        return spans;
    }

    private static void ReadResourceSpans(ReadOnlySpan<byte> data, List<OtlpSpan> spans)
    {
        var service = "";
        var scopeSpans = new List<byte[]>();
        var resourceSpans = new ProtobufReader(data);
        while (resourceSpans.Next())
        {
            if (resourceSpans.Field == 1)
            {
                service = ReadAttributes(resourceSpans.Bytes, field: 1).GetValueOrDefault("service.name", "");
            }
            else if (resourceSpans.Field == 2)
            {
                scopeSpans.Add(resourceSpans.Bytes.ToArray());
            }
        }

        foreach (var scoped in scopeSpans)
        {
            var scope = "";
            var reader = new ProtobufReader(scoped);
            while (reader.Next())
            {
                if (reader.Field == 1)
                {
                    scope = ReadScopeName(reader.Bytes);
                }
                else if (reader.Field == 2)
                {
                    spans.Add(ReadSpan(service, scope, reader.Bytes));
                }
            }
        }
    }

    private static string ReadScopeName(ReadOnlySpan<byte> data)
    {
        var scope = new ProtobufReader(data);
        while (scope.Next())
        {
            if (scope.Field == 1)
            {
                return scope.String;
            }
        }

        return "";
    }

    private static OtlpSpan ReadSpan(string service, string scope, ReadOnlySpan<byte> data)
    {
        string traceId = "", spanId = "", parent = "", name = "";
        int kind = 0, status = 0;
        var attributes = ReadAttributes(data, field: 9);
        var span = new ProtobufReader(data);
        while (span.Next())
        {
            switch (span.Field)
            {
                case 1: traceId = span.Hex; break;
                case 2: spanId = span.Hex; break;
                case 4: parent = span.Hex; break;
                case 5: name = span.String; break;
                case 6: kind = (int)span.Varint; break;
                case 15: status = ReadStatusCode(span.Bytes); break;
            }
        }

        return new OtlpSpan(service, scope, traceId, spanId, parent, name, kind, status, attributes);
    }

    private static int ReadStatusCode(ReadOnlySpan<byte> data)
    {
        var status = new ProtobufReader(data);
        while (status.Next())
        {
            if (status.Field == 3)
            {
                return (int)status.Varint;
            }
        }

        return 0;
    }

    /// <summary>The <c>KeyValue</c> attributes in <paramref name="field"/> of a message, values as text.</summary>
    private static Dictionary<string, string> ReadAttributes(ReadOnlySpan<byte> data, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var message = new ProtobufReader(data);
        while (message.Next())
        {
            if (message.Field != field)
            {
                continue;
            }

            string key = "", value = "";
            var pair = new ProtobufReader(message.Bytes);
            while (pair.Next())
            {
                if (pair.Field == 1)
                {
                    key = pair.String;
                }
                else if (pair.Field == 2)
                {
                    var any = new ProtobufReader(pair.Bytes);
                    while (any.Next())
                    {
                        value = any.Field switch
                        {
                            1 => any.String,
                            2 => (any.Varint != 0).ToString(),
                            3 => ((long)any.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
                            4 => BitConverter.UInt64BitsToDouble(any.Varint).ToString(System.Globalization.CultureInfo.InvariantCulture),
                            _ => value,
                        };
                    }
                }
            }

            attributes[key] = value;
        }

        return attributes;
    }
}
