namespace SopsNet.Stores.Json;

/// <summary>
/// Memory: finds the members of a JSON file's top-level object, so a large file can be parsed, decrypted
/// and written one member at a time (see the YAML counterpart, <see cref="Yaml.YamlTopLevelChunks"/>). This
/// only tells where each member's text lies, following strings and nesting; whether the text is valid JSON,
/// each member's own parse says. The steps work on a prefix of the file as well (<see cref="JsonScan.NeedsMore"/>
/// when a member runs past it), so the piecewise reading splits exactly as the whole-file one.
/// </summary>
internal static class JsonTopLevelMembers
{
    private const int NeedsMoreAt = -1;

    private const int InvalidAt = -2;

    /// <summary>
    /// The opening brace after leading blanks; <paramref name="lead"/> is just after it (-1 when there is none:
    /// a BOM is not a blank, so a file with one is not split).
    /// </summary>
    public static JsonScan ScanOpening(ReadOnlySpan<byte> content, out int lead)
    {
        var i = SkipBlanks(content, 0);
        lead = i < content.Length && content[i] == '{' ? i + 1 : -1;
        return lead > 0 ? JsonScan.MemberFollows : i >= content.Length ? JsonScan.NeedsMore : JsonScan.Invalid;
    }

    /// <summary>
    /// The member whose leading blanks start at <paramref name="lead"/>, and what follows it: a comma
    /// (<paramref name="next"/> is the next member's lead) or the closing brace (<paramref name="next"/> is
    /// just after it). The member's [Lead, End) runs from just after the <c>{</c> or comma before it (its
    /// leading blanks) to the end of its value, and Key is where its key's opening quote is.
    /// </summary>
    public static JsonScan ScanMember(ReadOnlySpan<byte> content, int lead, out (int Lead, int Key, int End) member, out int next)
    {
        member = default;
        next = -1;
        var key = SkipBlanks(content, lead);
        if (key >= content.Length)
        {
            return JsonScan.NeedsMore;
        }

        if (content[key] != '"')
        {
            return JsonScan.Invalid;
        }

        var i = SkipString(content, key);
        if (i < 0)
        {
            return JsonScan.NeedsMore;
        }

        i = SkipBlanks(content, i);
        if (i >= content.Length)
        {
            return JsonScan.NeedsMore;
        }

        if (content[i] != ':')
        {
            return JsonScan.Invalid;
        }

        var end = SkipValue(content, SkipBlanks(content, i + 1));
        if (end < 0)
        {
            return end == NeedsMoreAt ? JsonScan.NeedsMore : JsonScan.Invalid;
        }

        i = SkipBlanks(content, end);
        if (i >= content.Length)
        {
            return JsonScan.NeedsMore;
        }

        member = (lead, key, end);
        next = i + 1;
        return content[i] switch
        {
            (byte)',' => JsonScan.MemberFollows,
            (byte)'}' => JsonScan.ObjectEnds,
            _ => JsonScan.Invalid,
        };
    }

    public static int SkipBlanks(ReadOnlySpan<byte> content, int i)
    {
        while (i < content.Length && content[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }

        return i;
    }

    /// <summary>
    /// The end of the value at <paramref name="i"/>: a string, a nested object or array, or a bare word;
    /// <see cref="NeedsMoreAt"/> when it runs off the end (a bare word too: it may go on), <see cref="InvalidAt"/>
    /// when no value starts there.
    /// </summary>
    private static int SkipValue(ReadOnlySpan<byte> content, int i)
    {
        if (i >= content.Length)
        {
            return NeedsMoreAt;
        }

        if (content[i] == '"')
        {
            return SkipString(content, i);
        }

        if (content[i] is (byte)'{' or (byte)'[')
        {
            var depth = 0;
            for (; i < content.Length; i++)
            {
                switch (content[i])
                {
                    case (byte)'"':
                        i = SkipString(content, i);
                        if (i < 0)
                        {
                            return NeedsMoreAt;
                        }

                        i--;
                        break;
                    case (byte)'{' or (byte)'[':
                        depth++;
                        break;
                    case (byte)'}' or (byte)']':
                        if (--depth == 0)
                        {
                            return i + 1;
                        }

                        break;
                }
            }

            return NeedsMoreAt;
        }

        var end = content[i..].IndexOfAny(",}] \t\r\n"u8);
        return end < 0 ? NeedsMoreAt : end == 0 ? InvalidAt : i + end;
    }

    /// <summary>The index after the closing quote of the string opening at <paramref name="i"/>; <see cref="NeedsMoreAt"/> when unclosed.</summary>
    private static int SkipString(ReadOnlySpan<byte> content, int i)
    {
        for (i++; i < content.Length; i++)
        {
            if (content[i] == '\\')
            {
                i++;
            }
            else if (content[i] == '"')
            {
                return i + 1;
            }
        }

        return NeedsMoreAt;
    }
}
