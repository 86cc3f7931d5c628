using System.Collections.Immutable;
using SopsNet.Tree;
using Tomlyn.Syntax;

namespace SopsNet.Stores.Toml;

/// <summary>
/// Builds the tree from Tomlyn's full-fidelity syntax tree: tables and arrays of tables become nested
/// mappings and sequences of mappings under their dotted keys, in order of first appearance; comments
/// go, in document order, into the table, array or inline table whose text holds them (so a comment
/// after <c>[server]</c> has the AAD <c>server:</c>). Every node keeps where it came from.
/// </summary>
internal sealed class TomlTreeBuilder(TomlOriginal original)
{
    private const string DefinedTwice = "toml: duplicate key: a key or table is defined twice";

    private readonly List<SyntaxTrivia> comments = [];
    private int nextComment;

    public List<StoreWarning> Warnings { get; } = [];

    /// <summary>Where the first table whose name starts with <c>sops</c> begins (-1 when none).</summary>
    public int MetadataStart { get; private set; } = -1;

    public Mapping Build(DocumentSyntax document)
    {
        CollectComments(document);
        var root = new TomlTable();
        var current = root;
        List<object> currentPath = [];
        foreach (var kv in document.KeyValues)
        {
            AddKeyValue(current, kv, currentPath);
        }

        foreach (var table in document.Tables)
        {
            FlushComments(table.Span.Start.Offset, current.Items);
            var names = KeyNames(table.Name!);
            if (names[0] == TomlStore.MetadataKey && MetadataStart < 0)
            {
                MetadataStart = table.Span.Start.Offset;
            }
            else if (names[0] != TomlStore.MetadataKey && MetadataStart >= 0)
            {
                throw Error("toml: the [sops] table must come after every other table", table.Span.Start);
            }

            (current, currentPath) = OpenTable(root, table, names);
            foreach (var kv in table.Items)
            {
                AddKeyValue(current, kv, currentPath);
            }
        }

        FlushComments(int.MaxValue, current.Items);
        return ToMapping(root);
    }

    private (TomlTable, List<object>) OpenTable(TomlTable root, TableSyntaxBase table, List<string> names)
    {
        CheckLevels(names.Count, table.Span.Start); // before making a table per name; indexes may add levels
        var current = root;
        List<object> path = [];
        for (var i = 0; i < names.Count; i++)
        {
            var last = i == names.Count - 1;
            path.Add(names[i]);
            current.Entries.TryGetValue(names[i], out var entry);
            if (last && table is TableArraySyntax)
            {
                if (entry is null)
                {
                    entry = current.Add(names[i], new List<TomlTable>());
                }

                if (entry.Value is not List<TomlTable> list)
                {
                    throw Error("toml: an array of tables reuses the name of another value", table.Span.Start);
                }

                list.Add(new TomlTable());
                path.Add(list.Count - 1);
                CheckLevels(path.Count, table.Span.Start);
                return (list[^1], path);
            }

            entry ??= current.Add(names[i], new TomlTable());
            switch (entry.Value)
            {
                case TomlTable t when last && (t.DefinedByHeader || t.DefinedByDottedKeys):
                    // TOML defines a table once; a table that is only the parent of other headers gets its own later.
                    throw Error(DefinedTwice, table.Span.Start);
                case TomlTable t:
                    t.DefinedByHeader |= last;
                    current = t;
                    break;
                case List<TomlTable> { Count: > 0 } tables when !last:
                    current = tables[^1];
                    path.Add(tables.Count - 1);
                    break;
                default:
                    throw Error("toml: a table header reuses the name of another value", table.Span.Start);
            }
        }

        CheckLevels(path.Count, table.Span.Start);
        return (current, path);
    }

    private void AddKeyValue(TomlTable table, KeyValueSyntax kv, List<object> tablePath)
    {
        FlushComments(kv.Span.Start.Offset, table.Items);
        var names = KeyNames(kv.Key!);
        CheckLevels(tablePath.Count + names.Count - 1, kv.Span.Start); // the table that gets the last name
        var current = table;
        var path = new List<object>(tablePath);
        for (var i = 0; i < names.Count - 1; i++)
        {
            path.Add(names[i]);
            current.Entries.TryGetValue(names[i], out var entry);
            entry ??= current.Add(names[i], new TomlTable { DefinedByDottedKeys = true });
            current = entry.Value as TomlTable ?? throw Error("toml: a dotted key reuses the name of another value", kv.Span.Start);
            if (current.DefinedByHeader)
            {
                throw Error(DefinedTwice, kv.Span.Start);
            }
        }

        path.Add(names[^1]);
        if (current.Entries.ContainsKey(names[^1]))
        {
            throw Error("toml: duplicate key", kv.Span.Start);
        }

        var (node, slot) = ReadValue(kv.Value!, path);
        current.Add(names[^1], node, slot);
    }

    private (Node Node, TomlValueSource? Slot) ReadValue(ValueSyntax value, List<object> path)
    {
        switch (value)
        {
            case ArraySyntax array:
                CheckLevels(path.Count, array.Span.Start);
                var items = new List<Node>();
                foreach (var item in array.Items)
                {
                    FlushComments(item.Value!.Span.Start.Offset, items);
                    items.Add(ReadValue(item.Value, [.. path, items.Count]).Node);
                }

                FlushComments(array.CloseBracket!.Span.Start.Offset, items);
                return (new Sequence([.. items]) { Source = new TomlContainerSource(original) }, null);
            case InlineTableSyntax inline:
                CheckLevels(path.Count, inline.Span.Start);
                var table = new TomlTable();
                foreach (var item in inline.Items)
                {
                    AddKeyValue(table, item.KeyValue!, path);
                }

                FlushComments(inline.CloseBrace!.Span.Start.Offset, table.Items);
                return (ToMapping(table), null);
            default:
                var token = (SyntaxToken)value.GetChild(0)!;
                var (scalar, style, newline, change) = TomlScalarReader.Read(value, token);

                // What a decrypted value is written back as: warn when that is not the token as it was.
                if (change is null && TomlScalarRenderer.Render(scalar, style, newline, "") != token.Text)
                {
                    change = "a string's escapes or line continuations are written back in their plain form";
                }

                if (change is not null)
                {
                    Warnings.Add(new StoreWarning(token.Span.Start.Line + 1, token.Span.Start.Column + 1, new TreePath(path).ToString(), "toml: " + change));
                }

                var source = new TomlValueSource(original, token.Span.Start.Offset, token.Text!.Length, style, newline, scalar.Kind, scalar.Text);
                return (scalar with { Source = source }, source);
        }
    }

    private Mapping ToMapping(TomlTable table)
    {
        var items = ImmutableArray.CreateBuilder<Node>(table.Items.Count);
        foreach (var item in table.Items)
        {
            if (item is Comment comment)
            {
                items.Add(comment);
                continue;
            }

            var entry = (TomlEntry)item;
            Node value = entry.Value switch
            {
                TomlTable t => ToMapping(t),
                List<TomlTable> list => new Sequence([.. list.Select(ToMapping)]) { Source = new TomlContainerSource(original) },
                _ => (Node)entry.Value,
            };
            items.Add(new Pair(entry.Key, value) { Source = entry.Slot });
        }

        return new Mapping(items.MoveToImmutable()) { Source = new TomlContainerSource(original) };
    }

    private void CollectComments(SyntaxNode node)
    {
        Collect(node.LeadingTrivia);
        for (var i = 0; i < node.ChildrenCount; i++)
        {
            if (node.GetChild(i) is SyntaxNode child)
            {
                CollectComments(child);
            }
        }

        Collect(node.TrailingTrivia);
        if (node is DocumentSyntax)
        {
            comments.Sort((a, b) => a.Span.Start.Offset.CompareTo(b.Span.Start.Offset));
        }
    }

    private void Collect(List<SyntaxTrivia>? trivia)
    {
        foreach (var t in trivia ?? [])
        {
            if (t.Kind == TokenKind.Comment)
            {
                comments.Add(t);
            }
        }
    }

    private void FlushComments(int before, List<object> into) =>
        FlushComments(before, c => into.Add(c));

    private void FlushComments(int before, List<Node> into) =>
        FlushComments(before, c => into.Add(c));

    private void FlushComments(int before, Action<Comment> add)
    {
        while (nextComment < comments.Count && comments[nextComment].Span.Start.Offset < before)
        {
            var trivia = comments[nextComment++];
            var text = trivia.Text![1..];
            add(new Comment(text) { Source = new TomlCommentSource(original, trivia.Span.Start.Offset, trivia.Text.Length, text) });
        }
    }

    private static List<string> KeyNames(KeySyntax key)
    {
        var names = new List<string> { KeyName(key.Key!) };
        foreach (var dotted in key.DotKeys)
        {
            names.Add(KeyName(dotted.Key!));
        }

        return names;
    }

    private static string KeyName(BareKeyOrStringValueSyntax key) => key switch
    {
        BareKeySyntax bare => bare.Key!.Text!,
        StringValueSyntax quoted => quoted.Value ?? "",
        _ => throw new InvalidOperationException("unknown key syntax"),
    };

    /// <summary>
    /// Refuses a table, array or inline table whose path has <paramref name="pathLength"/> segments when
    /// it is nested too deeply (the root table is level 1), before the recursive code after the parser
    /// meets it: Tomlyn bounds only the nesting of inline values, not that of dotted keys and headers.
    /// </summary>
    private static void CheckLevels(int pathLength, TextPosition at)
    {
        if (pathLength + 1 > NestingLimit.MaxLevels)
        {
            throw Error(NestingLimit.Message("toml"), at);
        }
    }

    private static StoreException Error(string message, TextPosition at) => new(message, at.Line + 1, at.Column + 1);
}
