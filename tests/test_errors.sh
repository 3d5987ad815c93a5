#!/usr/bin/env bash
# test_errors.sh — docs/ERRORS.md lists every error message healsim can print.
#
#     bash tests/test_errors.sh HEALSIM_BINARY SOURCE_DIR
#
# 1. Catalogue: every message format in sim/*.c, sim/cli/*.c and plots/*.c is read out
#    of the code — the string literals passed as the message to an error
#    helper (any function with a `fmt` or `what` parameter, such as fail,
#    layer_fail, fig_fail, io_fail, solver_fail, cli_usage_error; any
#    function-like macro with `...`, such as AT), to snprintf into a message
#    buffer (why, what, *message) or as a "; hint", and to fprintf(stderr,
#    ...).  Adjacent literals are joined, the two sides of `c ? "a" : "b"`
#    are two messages, a `what` is put into its helper's own format, and
#    a "healsim: error: " or "%s:%d: error: " prefix is dropped.  Each must
#    match a message of the catalogue — the first `code span` of a table row
#    of docs/ERRORS.md, also without its "...: error: " prefix — where every
#    printf conversion (%s %g %zu %.1f ...) of the code stands for any text
#    (the doc writes it as a <placeholder>) and the fixed text around it
#    must be there, in order, exactly (whitespace collapsed).  A catalogued
#    message that no longer matches anything in the code is a warning.
# 2. End to end: representative mistakes, run with the real binary, exit
#    with the documented status and print as the first line of stderr a
#    message of the catalogue (its <placeholders> matching any text).
#
# Prints "N passed, M failed"; exits non-zero if any check failed.
set -u
if [ $# -ne 2 ]; then
    echo "usage: $0 HEALSIM_BINARY SOURCE_DIR" >&2
    exit 2
fi
healsim=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
doc=$src/docs/ERRORS.md
if [ ! -x "$healsim" ] || [ ! -f "$doc" ]; then
    echo "not executable: $healsim, or missing: $doc" >&2
    exit 2
fi
T=$(mktemp -d "${TMPDIR:-/tmp}/healsim-test-errors.XXXXXX") || exit 2
trap 'chmod -R u+w "$T" 2>/dev/null; rm -rf "$T"' EXIT

cat > "$T/errors.py" <<'PY'
"""The catalogue check (mode: catalogue SRC DOC) and the matching of the
end-to-end cases' first stderr lines (mode: cases DOC CASES.tsv)."""
import glob
import os
import re
import sys

CONVERSION = re.compile(r'%(?:[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|L|z|j|t)?[diouxXeEfFgGaAcsp]|%)')
CODE_PREFIX = re.compile(r'^(?:%s|healsim)(?::%d|:\d+)*: error: ')
DOC_PREFIX = re.compile(r'^.*?: error: ')
PLACEHOLDER = re.compile(r'<[A-Za-z][^<>]*>')


def tokenize(text):
    """C tokens as (kind, value, line): str (decoded), chr, id, num, punct.
    Comments are dropped; adjacent literals stay separate tokens."""
    toks, i, n, line = [], 0, len(text), 1
    escapes = {'n': '\n', 't': '\t', 'r': '\r', '\\': '\\', '"': '"', "'": "'",
               'a': '\a', 'b': '\b', 'f': '\f', 'v': '\v', '?': '?'}
    while i < n:
        c = text[i]
        if c == '\n':
            line += 1
            i += 1
        elif c in ' \t\r\f\v\\':
            i += 1
        elif text.startswith('//', i):
            j = text.find('\n', i)
            i = n if j < 0 else j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            line += text.count('\n', i, j)
            i = j
        elif c in '"\'':
            start, j, out = line, i + 1, []
            while j < n and text[j] != c:
                if text[j] == '\\' and j + 1 < n:
                    e = text[j + 1]
                    if e == '\n':
                        line += 1
                        j += 2
                    elif e == 'x':
                        k = j + 2
                        while k < n and text[k] in '0123456789abcdefABCDEF':
                            k += 1
                        out.append(chr(int(text[j + 2:k] or '0', 16)))
                        j = k
                    elif e in '01234567':
                        k = j + 1
                        while k < n and k < j + 4 and text[k] in '01234567':
                            k += 1
                        out.append(chr(int(text[j + 1:k], 8)))
                        j = k
                    else:
                        out.append(escapes.get(e, e))
                        j += 2
                else:
                    if text[j] == '\n':
                        line += 1
                    out.append(text[j])
                    j += 1
            toks.append(('str' if c == '"' else 'chr', ''.join(out), start))
            i = j + 1
        else:
            m = re.compile(r'[A-Za-z_]\w*|\.\.\.|->|\d[\w.]*').match(text, i)
            if m:
                kind = 'id' if m.group(0)[0].isalpha() or m.group(0)[0] == '_' else 'punct'
                toks.append((kind if not m.group(0)[0].isdigit() else 'num', m.group(0), line))
                i = m.end()
            else:
                toks.append(('punct', c, line))
                i += 1
    return toks


def split_args(toks, k):
    """toks[k] is '(': the arguments as token lists, and the index after ')'."""
    depth, args, cur = 0, [], []
    for j in range(k, len(toks)):
        kind, value, _ = toks[j]
        if kind == 'punct' and value in '([{':
            depth += 1
            if depth > 1:
                cur.append(toks[j])
        elif kind == 'punct' and value in ')]}':
            depth -= 1
            if depth == 0:
                args.append(cur)
                return args, j + 1
            cur.append(toks[j])
        elif kind == 'punct' and value == ',' and depth == 1:
            args.append(cur)
            cur = []
        else:
            cur.append(toks[j])
    return args, len(toks)


def literal_groups(arg):
    """The messages in one argument: adjacent literals joined ("a" "b"),
    separate groups apart (c ? "a" : "b")."""
    groups, cur = [], None
    for kind, value, line in arg:
        if kind == 'str':
            cur = [value, line] if cur is None else [cur[0] + value, cur[1]]
        elif cur is not None:
            groups.append(tuple(cur))
            cur = None
    if cur is not None:
        groups.append(tuple(cur))
    return groups


def last_name(arg):
    return arg[-1][1] if arg else ''


def helpers(toks):
    """Error helpers defined in toks: name -> (index of the message
    argument, the helper's own format with the message at conversion j, j).
    A function with a parameter named fmt (printf-like) or what (the
    message, put into the helper's own format); a macro with `...`."""
    found = {}
    for k in range(1, len(toks) - 3):
        if toks[k][1] == 'define' and toks[k - 1][1] == '#' and toks[k + 2][1] == '(' \
                and toks[k + 2][2] == toks[k + 1][2]:
            args, _ = split_args(toks, k + 2)
            names = [last_name(a) for a in args]
            if '...' in names:
                found[toks[k + 1][1]] = (names.index('...'), None, None)
        if toks[k][0] == 'id' and toks[k + 1][1] == '(' and toks[k - 1][1] in ('int', 'void'):
            args, after = split_args(toks, k + 1)
            if after >= len(toks) or toks[after][1] not in '{;':
                continue
            names = [last_name(a) for a in args]
            if 'fmt' in names:
                found[toks[k][1]] = (names.index('fmt'), None, None)
            elif 'what' in names and toks[after][1] == '{':
                template = None
                depth, j = 0, after
                while j < len(toks):
                    if toks[j][1] == '{':
                        depth += 1
                    elif toks[j][1] == '}':
                        depth -= 1
                        if depth == 0:
                            break
                    elif toks[j][1] in FORMAT_ARG and toks[j + 1][1] == '(':
                        inner, _ = split_args(toks, j + 1)
                        flat = [[t[1] for t in a] for a in inner]
                        if ['what'] in flat:
                            fmt = ''.join(g[0] for g in literal_groups(inner[FORMAT_ARG[toks[j][1]]]))
                            used = [a for a in flat[FORMAT_ARG[toks[j][1]] + 1:]]
                            template = (fmt, used.index(['what']))
                    j += 1
                found[toks[k][1]] = (names.index('what'),) + (template if template else (None, None))
    return found


# where the format is among the arguments of a function that formats a message
FORMAT_ARG = {'snprintf': 2, 'fprintf': 1, 'healsim_diag_set': 4}


def put_into(template, j, message):
    """template with its j-th conversion replaced by message (as fixed text)."""
    parts, count, out, pos = CONVERSION.finditer(template), 0, [], 0
    for m in parts:
        if m.group(0) == '%%':
            continue
        if count == j:
            return template[:m.start()] + message.replace('%', '%%') + template[m.end():]
        count += 1
    return template


WRAPPER = re.compile(r'^(?:%s|%d|:|\s|error)*$')  # "%s:%d: error: %s\n", "%s: %s", "%s"


def extract(src):
    """Every message of the code: (file:line, format)."""
    files = sorted(glob.glob(os.path.join(src, 'sim', '*.c')) + glob.glob(os.path.join(src, 'sim', 'cli', '*.c')) + glob.glob(os.path.join(src, 'plots', '*.c')))
    parsed = {f: tokenize(open(f, encoding='utf-8').read()) for f in files}
    shared = {}
    for toks in parsed.values():
        for name, info in helpers(toks).items():
            shared.setdefault(name, info)
    out = []
    for f, toks in parsed.items():
        known = dict(shared)
        known.update(helpers(toks))  # a file's own static fail() wins
        rel = os.path.relpath(f, src)
        for k in range(len(toks) - 1):
            name = toks[k][1]
            if toks[k][0] != 'id' or toks[k + 1][1] != '(' or (k and toks[k - 1][1] in ('int', 'void', 'define')):
                continue
            args, _ = split_args(toks, k + 1)
            picks, template = [], None
            if name in known and known[name][0] < len(args):
                index, fmt, j = known[name]
                picks = [args[index]]
                template = (fmt, j) if fmt is not None else None
            elif name == 'fprintf' and len(args) > 1 and [t[1] for t in args[0]] == ['stderr']:
                picks = [args[1]]
                fmt = ''.join(g[0] for g in literal_groups(args[1]))
                if WRAPPER.match(fmt):  # "%s: error: %s\n", x ? strerror(e) : "message"
                    picks += args[2:]
            elif name == 'snprintf' and len(args) > 2:
                if last_name(args[0]) in ('why', 'what', 'message') \
                        or any(g[0].startswith('; ') for g in literal_groups(args[2])):
                    picks = [args[2]]
            for arg in picks:
                for text, line in literal_groups(arg):
                    if template:
                        text = put_into(template[0], template[1], text)
                    if text.startswith('\r'):
                        continue  # the progress bar, redrawn in place: not a message
                    if WRAPPER.match(text):
                        continue
                    out.append(('%s:%d' % (rel, line), text))
    return out


def squash(s):
    return ' '.join(s.split())


def code_regex(fmt):
    """A code format as a regular expression: its fixed text in order, any
    text where a conversion stands."""
    text = squash(CODE_PREFIX.sub('', fmt))
    pieces, pos = [], 0
    out = ''
    for m in CONVERSION.finditer(text):
        out += re.escape(text[pos:m.start()])
        out += '%' if m.group(0) == '%%' else '.*?'
        pos = m.end()
    out += re.escape(text[pos:])
    return re.compile('^' + out + '$', re.S)


def doc_rows(doc):
    """The catalogue: (line number, message) of the first code span of each
    row of the tables headed | Message | ... |."""
    rows, header, previous = [], '', ''
    for number, line in enumerate(open(doc, encoding='utf-8'), 1):
        if line.startswith('|') and not previous.startswith('|'):
            header = line
        previous = line
        m = re.match(r'^\|\s*`([^`]+)`', line)
        if m and re.match(r'^\|\s*Message\s*\|', header):
            rows.append((number, m.group(1)))
    return rows


def doc_message(row):
    return squash(DOC_PREFIX.sub('', row, count=1))


def doc_regex(row):
    """A catalogued message as a regular expression: <placeholders> match any
    text (a space before one may be missing: "[0, 5]<unit>" with no unit)."""
    text, out, pos = doc_message(row), '', 0
    for k, m in enumerate(PLACEHOLDER.finditer(text)):
        fixed = re.escape(text[pos:m.start()])
        if fixed.endswith(' '):
            fixed = fixed[:-1] + ' ?'
        out += fixed + '(?P<p%d>.*?)' % k
        pos = m.end()
    return re.compile('^' + out + re.escape(text[pos:]) + '$', re.S)


NESTED = ('<reason>', '<solver message>')  # placeholders that hold another catalogued message


def best_row(text, regexes, depth=0):
    """The most specific catalogued message matching text (the most fixed
    text), with the messages nested in its <reason> matched in turn; None
    if there is none."""
    best = None
    for number, row, rx, fixed in regexes:
        m = rx.match(text)
        if m and (best is None or fixed > best[3]):
            best = (number, row, m, fixed)
    if best is None:
        return None
    number, row, m, _ = best
    chain = [(number, row)]
    for k, p in enumerate(PLACEHOLDER.findall(doc_message(row))):
        inner = m.group('p%d' % k)
        if p in NESTED and inner and depth < 4:
            deeper = best_row(squash(inner), regexes, depth + 1)
            if deeper is None:
                return None
            chain += deeper
    return chain


def catalogue(src, doc):
    passed = failed = 0
    messages = extract(src)
    rows = doc_rows(doc)
    row_texts = [doc_message(r) for _, r in rows]
    formats = {}
    for where, fmt in messages:
        formats.setdefault(fmt, []).append(where)
    if len(formats) < 100:
        print('FAIL - only %d messages read out of the code: is the extraction broken?' % len(formats))
        failed += 1
    regexes = []
    for fmt, wheres in formats.items():
        rx = code_regex(fmt)
        regexes.append(rx)
        if any(rx.match(t) for t in row_texts):
            passed += 1
        else:
            failed += 1
            print('FAIL - %s: message not in docs/ERRORS.md: "%s"' % (', '.join(wheres), squash(fmt)))
    unused = 0
    for (number, row), text in zip(rows, row_texts):
        if not PLACEHOLDER.sub('', text).strip(' :;,.'):
            continue  # "<file>: error: <system error>": a wrapper the code has no fixed text for
        if not any(rx.match(text) for rx in regexes):
            unused += 1
            print('WARN - docs/ERRORS.md:%d: no longer in the code: "%s"' % (number, row))
    # every group of the catalogue gives its exit status
    section, has_rows, has_status = None, False, False
    groups = []
    for line in open(doc, encoding='utf-8'):
        if line.startswith('## '):
            groups.append((section, has_rows, has_status))
            section, has_rows, has_status = line[3:].strip(), False, False
        has_rows |= bool(re.match(r'^\|\s*Message\s*\|', line))
        has_status |= 'Exit status' in line
    groups.append((section, has_rows, has_status))
    for section, has_rows, has_status in groups:
        if section and has_rows:
            if has_status:
                passed += 1
            else:
                failed += 1
                print('FAIL - docs/ERRORS.md: group "%s" does not give its exit status' % section)
    print('ok   - %d distinct messages (%d call sites) in the code, %d catalogued in docs/ERRORS.md%s'
          % (len(formats), len(messages), len(rows), ', %d stale' % unused if unused else ''))
    print('COUNTS %d %d' % (passed, failed))


def cases(doc, table):
    passed = failed = 0
    regexes = []
    for number, row in doc_rows(doc):
        fixed = len(PLACEHOLDER.sub('', doc_message(row)).strip(' :;,.'))
        if fixed:  # not "<shard>: error: <system error>", which matches anything
            regexes.append((number, row, doc_regex(row), fixed))
    for line in open(table, encoding='utf-8'):
        name, want, got, expect, first = line.rstrip('\n').split('\t', 4)
        problems = []
        if want != got:
            problems.append('exit status %s, expected %s' % (got, want))
        if expect not in first:
            problems.append('"%s" not in it' % expect)
        chain = best_row(squash(DOC_PREFIX.sub('', first, count=1)), regexes)
        if not chain:
            problems.append('not a message of docs/ERRORS.md')
        if problems:
            failed += 1
            print('FAIL - %s: %s\n       stderr: %s' % (name, '; '.join(problems), first))
        else:
            passed += 1
            print('ok   - %s (exit %s): %s' % (name, got, ' + '.join(
                'docs/ERRORS.md:%d `%s`' % hit for hit in chain)))
    print('COUNTS %d %d' % (passed, failed))


if __name__ == '__main__':
    if sys.argv[1] == 'catalogue':
        catalogue(sys.argv[2], sys.argv[3])
    else:
        cases(sys.argv[2], sys.argv[3])
PY

passed=0
failed=0
count() { # output of errors.py: print it, add its COUNTS line
    local out=$1 p f
    printf '%s\n' "$out" | grep -v '^COUNTS '
    read -r _ p f < <(printf '%s\n' "$out" | grep '^COUNTS ')
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-1}))
}

# ---- 1. every message of the code is in the catalogue ----------------------
count "$(python3 "$T/errors.py" catalogue "$src" "$doc" 2>&1)"

# ---- 2. representative mistakes, end to end -------------------------------
cd "$T" || exit 2
printf '[tissue]\nturnovr = 1\n' > typo.ini
: > afile
cases=$T/cases.tsv
: > "$cases"
# case NAME EXIT EXPECTED-TEXT -- ARGS...: run healsim ARGS, record the first stderr line
case_() {
    local name=$1 want=$2 expect=$3
    shift 4
    "$healsim" "$@" > "$T/out" 2> "$T/err" < /dev/null
    local got=$?
    printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$want" "$got" "$expect" "$(head -n 1 "$T/err")" >> "$cases"
}
case_ "misspelt key with --set: did you mean" 2 "did you mean 'interval'?" -- run --set schedule.intervall=2
case_ "misspelt key in a file: file:line:col" 2 "typo.ini:2:1: error: unknown key 'turnovr'" -- run typo.ini
case_ "value out of range" 2 "turnover = 99 is out of range" -- run --set tissue.turnover=99
case_ "schedule out of order" 2 "injection times must increase" -- run --set schedule.times=5,3
case_ "missing parameter file" 2 "cannot open 'nothere.ini'" -- run nothere.ini
case_ "output folder that cannot be made" 2 "cannot create output folder" -- run --no-figures -o afile/out
case_ "unknown command" 2 "unknown command 'frobnicate'" -- frobnicate
case_ "unknown option" 2 "unknown option '--bogus'" -- run --bogus
case_ "bad --width" 2 "'wide' is not a size" -- run --width wide -o w
case_ "plot of a folder that is not a run's" 2 "not an output folder of healsim run" -- plot .
case_ "compare with one arm" 2 "a comparison needs at least two arms, got 1" -- compare "$src/params/default.ini"
case_ "bad --vary range" 2 "a range is start:stop:step" -- sweep --vary schedule.interval=1:8 -o sw
case_ "bad --vary distribution" 2 "unknown distribution 'beta'" -- population --vary tissue.turnover=beta:1:2 -o pop
case_ "merge without -o" 2 "merge needs -o DIR" -- merge shard-1
case_ "an option that does not apply" 2 "option '--set' does not apply to healsim merge" -- merge --set a.b=1 -o m s1
case_ "bad --table" 2 "--table takes csv or json, not 'xml'" -- sweep --table xml --vary schedule.interval=2,4
case_ "help of an unknown command" 2 "unknown command 'bogus'" -- help bogus
case_ "solver step limit" 1 "step limit reached (solver.max_steps = 10)" -- run -o - --set solver.max_steps=10
count "$(python3 "$T/errors.py" cases "$doc" "$cases" 2>&1)"

# a usage error ends with the hint to the command's help, as documented
hint() { # hint NAME EXPECTED-SECOND-LINE ARGS...
    local name=$1 expect=$2
    shift 2
    "$healsim" "$@" > /dev/null 2> "$T/err"
    if [ "$(sed -n 2p "$T/err")" = "$expect" ]; then
        passed=$((passed + 1))
        echo "ok   - $name: the second line is \"$expect\""
    else
        failed=$((failed + 1))
        echo "FAIL - $name: second line: $(sed -n 2p "$T/err")"
    fi
}
hint "a usage error of run" "Try 'healsim run --help'." run --bogus
hint "a usage error of sweep" "Try 'healsim sweep --help'." sweep --table xml
hint "an inapplicable option" "Try 'healsim merge --help'." merge --seed 3 -o m s1
hint "an unknown command" "Try 'healsim --help'." frobnicate
hint "help of an unknown command" "Try 'healsim --help'." help bogus
if grep -qF "Try 'healsim <command> --help'." "$doc" && grep -qF "Try 'healsim --help'." "$doc"; then
    passed=$((passed + 1))
    echo "ok   - both hints are documented"
else
    failed=$((failed + 1))
    echo "FAIL - docs/ERRORS.md does not document both hints"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
