namespace SopsNet.Stores.Yaml;

/// <summary>
/// Memory: splits a YAML file at its top-level keys, so a large file can be parsed, decrypted and written
/// one entry at a time instead of holding its whole text, tree and decrypted tree at once (45,000 values
/// took over 20 times the file's size). Each chunk is a line at column 0 holding a plain key and colon,
/// the column-0 comment lines just before it (the parser places them in the root mapping before that
/// key, so they travel with it; not so before the sops block) and every line up to the next chunk; the first chunk also takes whatever
/// precedes it. Only a shape where this cannot change the reading is split: one document with a block
/// mapping at column 0, LF line breaks, no BOM, a final line break, and every column-0 line a plain key,
/// a comment or an item of a sequence under the key above. Anything else (null) is read whole; so is a file whose chunks turn out not to parse on
/// their own (an alias to an anchor in another entry, say), which the caller checks.
/// </summary>
internal static class YamlTopLevelChunks
{
    /// <summary>The chunks in file order: [Start, End) with KeyLine the start of the key's line; null when the file is not split.</summary>
    public static List<(int Start, int KeyLine, int End)>? Split(ReadOnlySpan<byte> content)
    {
        if (content.Length == 0 || content[^1] != '\n' || content.IndexOfAny((byte)'\r', (byte)'\t') >= 0 ||
            (content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF))
        {
            return null;
        }

        var chunks = new List<(int Start, int KeyLine, int End)>();
        var chunkStart = -1;
        var keyLine = -1;
        var commentsStart = -1;
        var inColumn0Sequence = false;
        for (var lineStart = 0; lineStart < content.Length;)
        {
            var lineEnd = content[lineStart..].IndexOf((byte)'\n') + lineStart;
            var c = content[lineStart];
            if (c == '#')
            {
                commentsStart = commentsStart < 0 ? lineStart : commentsStart;
            }
            else if (c == ' ' || (IsDashItem(content, lineStart) && chunkStart >= 0))
            {
                inColumn0Sequence |= c == '-';
                // An indented line, or an item of a block sequence at its key's column (`key:` then `- item`).
                if (content[lineStart..lineEnd].ContainsAnyExcept((byte)' '))
                {
                    commentsStart = -1; // the comments are inside the entry above, not before the next one
                }
            }
            else if (c != '\n')
            {
                if (!IsKeyLine(content, lineStart, lineEnd))
                {
                    return null;
                }

                // Comments just before the sops block stay with the entry above: the block is not data, and
                // they are placed (and their AAD taken) as the last lines of the data above. So do comments
                // after a sequence at column 0, whose items they line up with.
                var start = chunkStart < 0 ? 0
                    : commentsStart >= 0 && !inColumn0Sequence && !content[lineStart..].StartsWith("sops:"u8) ? commentsStart
                    : lineStart;
                if (chunkStart >= 0)
                {
                    chunks.Add((chunkStart, keyLine, start));
                }

                chunkStart = start;
                keyLine = lineStart;
                commentsStart = -1;
                inColumn0Sequence = false;
            }

            lineStart = lineEnd + 1;
        }

        if (chunkStart < 0)
        {
            return null;
        }

        chunks.Add((chunkStart, keyLine, content.Length));
        return chunks;
    }

    private static bool IsDashItem(ReadOnlySpan<byte> content, int lineStart) =>
        content[lineStart] == '-' && content[lineStart + 1] is (byte)' ' or (byte)'\n';

    /// <summary>
    /// A line starting with an implicit key and its colon (<c>key:</c> then a blank or the line end): plain, as
    /// <see cref="YamlFastScalars.KeyColon"/> reads one, or quoted on one line without escapes. What the key
    /// is, the chunk's parse says.
    /// </summary>
    private static bool IsKeyLine(ReadOnlySpan<byte> content, int lineStart, int lineEnd)
    {
        var line = content[lineStart..lineEnd];
        int colon;
        if (line[0] is (byte)'"' or (byte)'\'')
        {
            var close = 0;
            while (true)
            {
                var next = line[(close + 1)..].IndexOfAny(line[0], (byte)'\\');
                if (next < 0 || line[close + 1 + next] == '\\')
                {
                    return false;
                }

                close += 1 + next;
                if (line[0] == '\'' && close + 1 < line.Length && line[close + 1] == '\'')
                {
                    close++; // a doubled single quote is a quote inside the key
                    continue;
                }

                break;
            }

            colon = close + 1;
        }
        else if (YamlFastScalars.IsIndicator((char)line[0]))
        {
            return false;
        }
        else
        {
            colon = line.IndexOf(": "u8) is var k and >= 0 ? k : line.Length - 1;
            if (line[..colon].IndexOf(" #"u8) >= 0 || line[colon - 1] == ' ')
            {
                return false;
            }
        }

        return colon < line.Length && line[colon] == ':' && (colon + 1 == line.Length || line[colon + 1] == ' ');
    }
}
