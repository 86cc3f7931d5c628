namespace SopsNet.Tests.Stores.Toml;

/// <summary>Varied TOML files that must survive encrypt and decrypt byte for byte (no store warnings).</summary>
internal static class TomlCorpus
{
    public static readonly Dictionary<string, string> Files = new()
    {
        ["cargo"] =
            "# Cargo-like manifest\n[package]\nname = \"demo\" # the crate\nversion = \"0.1.0\"\nedition = '2021'\n" +
            "authors = [\"A <a@example.com>\", 'B']\n\n[dependencies]\nserde = { version = \"1.0\", features = [\"derive\"] }\n" +
            "tokio = \"1\"\n\n# profiles\n[profile.release]\nlto = true\nopt-level = 3\n",
        ["comments-everywhere"] =
            "# top\n\n  # indented top\nkey = \"v\" # after value\n# between\nother = 1\n\n[t] # on header\n# inside t\n" +
            "a = [ # after bracket\n  1, # after item\n  # own line in array\n  2,\n] # after array\n# end of t\n\n# last line\n",
        ["tables-and-dotted"] =
            "title = \"x\"\nsite.\"google.com\" = true\na.b.c = \"deep\"\na.b.d = 4\n\n[server]\nhost = \"h\"\n\n" +
            "[server.tls]\ncert = \"c\"\n\n[\"quoted key\".\"with.dot\"]\nv = \"q\"\n\n[x.y.z.w]\n[x]\nlate = 1\n",
        ["array-of-tables"] =
            "[[products]]\nname = \"Hammer\"\nsku = 738594937\n\n[[products]]  # empty one\n\n[[products]]\nname = \"Nail\"\n" +
            "color = \"gray\"\n\n[[fruits]]\nname = \"apple\"\n[fruits.physical]\ncolor = \"red\"\n[[fruits.varieties]]\nname = \"red delicious\"\n" +
            "[[fruits.varieties]]\nname = \"granny smith\"\n[[fruits]]\nname = \"banana\"\n[[fruits.varieties]]\nname = \"plantain\"\n",
        ["inline-tables"] =
            "name = { first = \"Tom\", last = \"Preston-Werner\" }\npoint = {x=1,y=2}\nempty = {}\n" +
            "nested = { a = { b = [1, { c = 'd' }] }, e.f = \"dotted in inline\" }\nlist = [ { k = 1 }, { k = 2 } ]\n",
        ["strings"] =
            "basic = \"I'm a string. \\\"You can quote me\\\". Name\\tJosé\\nLocation\\tSF.\"\n" +
            "basic2 = \"tab\\there \\\\ backslash é raw ✓\"\n" +
            "literal = 'C:\\Users\\nodejs\\templates'\nregex = '<\\i\\c*\\s*>'\n" +
            "multi = \"\"\"\nRoses are red\nViolets are \"blue\"\n\"\"\"\n" +
            "multi_inline = \"\"\"no break after the quotes\"\"\"\n" +
            "multi_lit = '''\nThe first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n'''\n" +
            "lit_one_line = '''I [dw]on't need \\d{2} apples'''\nempty = \"\"\nempty_lit = ''\n" +
            "unicode = \"日本語 ключ 😀\"\n\"ключ\" = \"значение\"\n",
        ["numbers-bools"] =
            "int1 = +99\nint2 = 42\nint3 = 0\nint4 = -17\nbig = 9223372036854775807\nsmall = -9223372036854775808\n" +
            "flt1 = +1.0\nflt2 = 3.1415\nflt3 = -0.01\nflt4 = 5e+22\nflt5 = 1e06\nflt6 = -2E-2\nflt7 = 6.626e-34\nflt8 = 0.0\nflt9 = -0.0\n" +
            "sf1 = inf\nsf2 = +inf\nsf3 = -inf\nsf4 = nan\nyes = true\nno = false\n",
        ["dates"] =
            "odt1 = 1979-05-27T07:32:00Z\nodt2 = 1979-05-27T00:32:00-07:00\nodt3 = 1979-05-27T00:32:00.999999-07:00\n" +
            "odt4 = 2024-02-29T23:59:59.5+05:30\n",
        ["mixed-arrays"] =
            "integers = [ 1, 2, 3 ]\ncolors = [ \"red\", 'yellow', \"\"\"green\"\"\" ]\nnested_arrays = [ [ 1, 2 ], [3, 4, 5] ]\n" +
            "nested_mixed = [ [ 1, 2 ], [\"a\", 'b', \"c\"] ]\nmixed = [ 0.1, 0.2, 0.5, 1, 2, 5, true, 1979-05-27T07:32:00Z, \"s\" ]\n" +
            "contributors = [\n  \"Foo Bar <foo@example.com>\",\n  { name = \"Baz Qux\", email = \"bazqux@example.com\" }\n]\n" +
            "empty = []\ntrailing = [1, 2,]\n",
        ["crlf"] = "# crlf file\r\na = \"b\"\r\n[t]\r\nn = 1\r\nml = \"\"\"\r\nx\r\ny\r\n\"\"\"\r\n",
        ["no-final-newline"] = "a = 1\n[t]\nb = \"c\"",
        ["only-comments"] = "# nothing but\n# comments\n",
        ["empty"] = "",
        ["bom"] = "\uFEFFa = \"b\"\n",
        ["whitespace-odd"] = "\n\n  a   =   \"spaced\"   \n\t[ t . u ]\t\n  b=1\n\n\n",
    };
}
