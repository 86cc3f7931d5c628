namespace SopsNet.Stores.Json;

/// <summary>
/// Memory: finds the members of a JSON file's top-level object, so a large file can be parsed, decrypted
/// and written one member at a time (see the YAML counterpart, <see cref="Yaml.YamlTopLevelChunks"/>). This
/// only tells where each member's text lies, following strings and nesting; whether the text is valid JSON,
/// each member's own parse says. Null for anything but an object with at least one member, without a BOM.
/// </summary>
internal static class JsonTopLevelMembers
{
    /// <summary>
    /// The members in file order: [Lead, End) runs from just after the <c>{</c> or comma before the member
    /// (its leading blanks) to the end of its value, and Key is where its key's opening quote is.
    /// </summary>
    public static List<(int Lead, int Key, int End)>? Split(byte[] content)
    {
        if (JsonOriginal.HasBom(content))
        {
            return null;
        }

        var i = SkipBlanks(content, 0);
        if (i >= content.Length || content[i] != '{')
        {
            return null;
        }

        var members = new List<(int Lead, int Key, int End)>();
        while (true)
        {
            var lead = ++i;
            var key = SkipBlanks(content, i);
            if (key >= content.Length || content[key] != '"' || (i = SkipString(content, key)) < 0)
            {
                return null;
            }

            i = SkipBlanks(content, i);
            if (i >= content.Length || content[i] != ':' || (i = SkipValue(content, SkipBlanks(content, i + 1))) < 0)
            {
                return null;
            }

            members.Add((lead, key, i));
            i = SkipBlanks(content, i);
            if (i >= content.Length)
            {
                return null;
            }

            if (content[i] == '}')
            {
                return SkipBlanks(content, i + 1) == content.Length ? members : null;
            }

            if (content[i] != ',')
            {
                return null;
            }
        }
    }

    /// <summary>The end of the value at <paramref name="i"/>: a string, a nested object or array, or a bare word; -1 when it runs off the end.</summary>
    private static int SkipValue(byte[] content, int i)
    {
        if (i >= content.Length)
        {
            return -1;
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
                            return -1;
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

            return -1;
        }

        var end = content.AsSpan(i).IndexOfAny(",}] \t\r\n"u8);
        return end <= 0 ? -1 : i + end;
    }

    /// <summary>The index after the closing quote of the string opening at <paramref name="i"/>; -1 when unclosed.</summary>
    private static int SkipString(byte[] content, int i)
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

        return -1;
    }

    private static int SkipBlanks(byte[] content, int i)
    {
        while (i < content.Length && content[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }

        return i;
    }
}
