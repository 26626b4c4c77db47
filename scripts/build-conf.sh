# Sourced by scripts that need the kernel's own scripts/kconfig/conf (the
# oracle) of a tree: build_conf VERSION TREE_DIR CACHE_DIR builds
# CACHE_DIR/VERSION/scripts/kconfig/conf once, the way scripts/kconfig/Makefile
# does (flex, bison, the common objects + conf.o), without writing into the
# tree: the kernel's only make entry for conf is a config target, which
# refuses to run when a shared source tree is "not clean" and may write into
# it. Prints nothing; returns non-zero (with the build log on stderr) when the
# build fails.
build_conf() {
	local ver=$1 tree=$2 cache=$3 out kc f
	out=$cache/$ver/scripts/kconfig
	[ -x "$out/conf" ] && return 0
	kc=$tree/scripts/kconfig
	[ -f "$kc/conf.c" ] || { echo "build_conf: no $kc/conf.c" >&2; return 1; }
	mkdir -p "$out"
	echo "build_conf: building conf from $kc" >&2
	(
		cd "$out"
		export PATH=/usr/local/bin:/usr/bin:/bin LC_ALL=C
		flex -o lexer.lex.c -L "$kc/lexer.l"
		bison -o parser.tab.c --defines=parser.tab.h -t -l "$kc/parser.y"
		for f in conf confdata expr menu preprocess symbol util; do
			if [ -f "$kc/$f.c" ]; then cp "$kc/$f.c" .; fi
		done
		# Up to 5.x, parser.y includes menu.c itself (and has no util.c
		# of its own to compile apart).
		local menu=menu.c util=util.c
		grep -q '^#include "menu.c"' "$kc/parser.y" && menu=
		grep -q '^#include "util.c"' "$kc/parser.y" && util=
		[ -f util.c ] || util=
		gcc -O2 -std=gnu11 -w -I "$kc" -I . \
			-I "$(dirname "$kc")/include" -o conf.tmp \
			conf.c confdata.c expr.c lexer.lex.c $menu parser.tab.c \
			preprocess.c symbol.c $util
		mv conf.tmp conf
	) >"$cache/$ver/build.log" 2>&1 || { cat "$cache/$ver/build.log" >&2; return 1; }
}
