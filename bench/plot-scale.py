#!/usr/bin/env python3
"""bench/results/scale.csv -> bench/results/scale.svg: fan-out p50/p99/max and coordinator heap against agents,
for one member (solid) and, where measured, three members (p99 and heap, hollow markers).

Plain SVG, no libraries. Usage: bench/plot-scale.py [CSV] [SVG]
"""
import csv
import math
import sys

src = sys.argv[1] if len(sys.argv) > 1 else 'bench/results/scale.csv'
out = sys.argv[2] if len(sys.argv) > 2 else 'bench/results/scale.svg'
# The last run of each (members, agents) wins.
runs = {}
for r in csv.DictReader(open(src)):
    runs.setdefault(int(r['members']), {})[int(r['agents'])] = r
by_n = runs[1]
ns = sorted({n for m in runs.values() for n in m})
rows_all = [r for m in runs.values() for r in m.values()]

W, H, L, R, T, B = 860, 440, 70, 70, 70, 60
pw, ph = W - L - R, H - T - B
xmin, xmax = math.log10(min(ns) / 1.5), math.log10(max(ns) * 1.5)


def x(n):
    return L + (math.log10(n) - xmin) / (xmax - xmin) * pw


lat_max = max(float(r['fanout_max_ms']) for r in rows_all)
ly = 10 ** math.ceil(math.log10(max(lat_max, 10)))
heap_top = max(float(r['heap_mb']) for r in rows_all)
hy = max(2048, math.ceil(heap_top / 512) * 512)


def y_lat(v):
    # log scale, 1 ms .. ly
    v = max(v, 1)
    return T + ph - math.log10(v) / math.log10(ly) * ph


def y_heap(v):
    return T + ph - v / hy * ph


svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{W/2}" y="22" text-anchor="middle" font-size="15">Weft control plane: fan-out latency and '
       f'coordinator heap against agents (2 cores)</text>',
       f'<line x1="{L}" y1="{T+ph}" x2="{L+pw}" y2="{T+ph}" stroke="black"/>',
       f'<line x1="{L}" y1="{T}" x2="{L}" y2="{T+ph}" stroke="black"/>',
       f'<line x1="{L+pw}" y1="{T}" x2="{L+pw}" y2="{T+ph}" stroke="black"/>']
for n in ns:
    svg.append(f'<line x1="{x(n):.1f}" y1="{T+ph}" x2="{x(n):.1f}" y2="{T+ph+5}" stroke="black"/>')
    svg.append(f'<text x="{x(n):.1f}" y="{T+ph+20}" text-anchor="middle">{n:,}</text>')
svg.append(f'<text x="{L+pw/2}" y="{H-15}" text-anchor="middle">simulated agents (log scale)</text>')
d = 1
while d <= ly:
    svg.append(f'<line x1="{L-5}" y1="{y_lat(d):.1f}" x2="{L+pw}" y2="{y_lat(d):.1f}" stroke="#ddd"/>')
    svg.append(f'<text x="{L-8}" y="{y_lat(d)+4:.1f}" text-anchor="end">{d:g}</text>')
    d *= 10
svg.append(f'<text x="18" y="{T+ph/2}" transform="rotate(-90 18 {T+ph/2})" text-anchor="middle">'
           f'fan-out latency, ms (log)</text>')
for v in range(0, int(hy) + 1, 512):
    svg.append(f'<text x="{L+pw+8}" y="{y_heap(v)+4:.1f}">{v}</text>')
svg.append(f'<text x="{W-15}" y="{T+ph/2}" transform="rotate(90 {W-15} {T+ph/2})" text-anchor="middle">'
           f'heap after GC, MiB</text>')
# Goals: p99 < 1 s, heap < 2 GiB.
svg.append(f'<line x1="{L}" y1="{y_lat(1000):.1f}" x2="{L+pw}" y2="{y_lat(1000):.1f}" stroke="#c00" '
           f'stroke-dasharray="6 4"/><text x="{L+6}" y="{y_lat(1000)-5:.1f}" fill="#c00">p99 goal 1 s</text>')
svg.append(f'<line x1="{L}" y1="{y_heap(2048):.1f}" x2="{L+pw}" y2="{y_heap(2048):.1f}" stroke="#06c" '
           f'stroke-dasharray="2 4"/><text x="{L+pw-6}" y="{y_heap(2048)-5:.1f}" text-anchor="end" fill="#06c">'
           f'heap goal 2 GiB</text>')
series = [(1, 'fanout_p50_ms', 'fan-out p50', '#2a2', y_lat), (1, 'fanout_p99_ms', 'fan-out p99', '#e80', y_lat),
          (1, 'fanout_max_ms', 'fan-out max', '#c00', y_lat), (1, 'heap_mb', 'heap', '#06c', y_heap),
          (3, 'fanout_p99_ms', 'p99, 3 members', '#e80', y_lat), (3, 'heap_mb', 'heap, 3 members', '#06c', y_heap)]
series = [s for s in series if s[0] in runs]
for i, (members, col, name, color, fy) in enumerate(series):
    rows = runs[members]
    pts = [(x(n), fy(float(rows[n][col]))) for n in sorted(rows) if float(rows[n][col]) >= 0]
    dash = ' stroke-dasharray="8 3"' if col == 'heap_mb' else ''
    width = 2 if members == 1 else 1
    fill = color if members == 1 else 'white'
    svg.append(f'<polyline fill="none" stroke="{color}" stroke-width="{width}"{dash} points="'
               + ' '.join(f'{a:.1f},{b:.1f}' for a, b in pts) + '"/>')
    for a, b in pts:
        svg.append(f'<circle cx="{a:.1f}" cy="{b:.1f}" r="3.5" fill="{fill}" stroke="{color}"/>')
    lx = L + 15 + (i % 4) * 150
    ly_ = T - 12 - (1 - i // 4) * 0 + (i // 4) * 14 - 14
    svg.append(f'<line x1="{lx}" y1="{ly_}" x2="{lx+24}" y2="{ly_}" stroke="{color}" stroke-width="{width}"{dash}/>'
               f'<circle cx="{lx+12}" cy="{ly_}" r="3" fill="{fill}" stroke="{color}"/>'
               f'<text x="{lx+30}" y="{ly_+4}">{name}</text>')
svg.append('</svg>')
open(out, 'w').write('\n'.join(svg) + '\n')
print('wrote', out)
