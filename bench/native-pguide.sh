# shellcheck shell=bash
# Sourced by the bench scripts: sets $pguide to the Native AOT pguide in bench/out/pguide, publishing it first if it is
# missing or older than a source (PGUIDE=path uses another build as it is). Expects the current directory to be the repository root.
out=bench/out
mkdir -p "$out"
pguide=${PGUIDE:-$out/pguide/pguide}
# Republished when a source is newer than the binary: a stale build would measure code that is no longer there.
if [[ ! -x $pguide ]] || { [[ -z ${PGUIDE:-} ]] && [[ -n $(find src Directory.Build.props Directory.Packages.props -newer "$pguide" \( -name '*.cs' -o -name '*.csproj' -o -name '*.props' \) -print -quit) ]]; }; then
  echo "publishing pguide (Release, Native AOT) to $out/pguide..." >&2
  linker=()
  if ! command -v clang >/dev/null && command -v clang-14 >/dev/null; then linker=(-p:CppCompilerAndLinker=clang-14); fi
  dotnet publish src/PacketGuide.Cli -c Release "${linker[@]}" -o "$out/pguide" -nologo >"$out/publish.log" 2>&1 || { cat "$out/publish.log" >&2; exit 1; }
fi
