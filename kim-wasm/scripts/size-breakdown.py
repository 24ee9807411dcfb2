#!/usr/bin/env python3
"""Where the code of a wasm module goes: sums function-body sizes by symbol-name group, using the
module's name section (build with kim-wasm/scripts/build.sh; the module before wasm-opt keeps names):

    python3 kim-wasm/scripts/size-breakdown.py target/wasm32-unknown-unknown/wasm-release/kim_wasm.wasm [TOP]

Prints the groups (KiB, share) and, with TOP, the TOP largest functions. Standard library only.

With --by-kind (first argument) the groups are by what the code does — deserialisation,
serialisation, sorting, B-trees, formatting, … — read from demangled names that carry the generic
arguments. That needs v0 symbol names and `rustfilt` (cargo install rustfilt):

    RUSTFLAGS=-Csymbol-mangling-version=v0 CARGO_TARGET_DIR=target/size-v0 \
      cargo build -p kim-wasm --target wasm32-unknown-unknown --profile wasm-release
    python3 kim-wasm/scripts/size-breakdown.py --by-kind target/size-v0/wasm32-unknown-unknown/wasm-release/kim_wasm.wasm
"""
import sys, re, collections, subprocess
by_kind = len(sys.argv) > 1 and sys.argv[1] == '--by-kind'
if by_kind: del sys.argv[1]
data=open(sys.argv[1],'rb').read()
def leb(b,i):
    r=0;s=0
    while True:
        x=b[i];i+=1;r|=(x&0x7f)<<s;s+=7
        if x<0x80: return r,i
i=8; sections=[]
while i<len(data):
    sid=data[i];i+=1
    size,i=leb(data,i); sections.append((sid,i,size)); i+=size
imports=0
# count imported funcs
for sid,off,size in sections:
    if sid==2:
        n,j=leb(data,off)
        for _ in range(n):
            l,j=leb(data,j); j+=l
            l,j=leb(data,j); j+=l
            kind=data[j]; j+=1
            if kind==0: _,j=leb(data,j); imports+=1
            elif kind==1: j+=1; fl,j=leb(data,j); _,j=leb(data,j); 
            elif kind==2: fl,j=leb(data,j); _,j=leb(data,j); 
            elif kind==3: j+=2
bodies=[]
for sid,off,size in sections:
    if sid==10:
        n,j=leb(data,off)
        for k in range(n):
            l,j2=leb(data,j); bodies.append(l+(j2-j)); j=j2+l
names={}
for sid,off,size in sections:
    if sid==0:
        l,j=leb(data,off); nm=data[j:j+l].decode(); j+=l
        if nm!='name': continue
        end=off+size
        while j<end:
            sub=data[j];j+=1; sl,j=leb(data,j)
            if sub==1:
                n,k=leb(data,j)
                for _ in range(n):
                    idx,k=leb(data,k); l,k=leb(data,k); names[idx]=data[k:k+l].decode('utf8','replace'); k+=l
            j+=sl
if by_kind:
    raw=[names.get(k+imports,'?') for k in range(len(bodies))]
    out=subprocess.run(['rustfilt'],input='\n'.join(raw),capture_output=True,text=True,check=True).stdout.split('\n')
    kinds=[('sorting','slice::sort'),('B-trees','collections::btree'),('hash maps','hashbrown|HashMap|HashSet'),
           ('deserialisation (per-type readers)','Deserialize|Deserializer|de::Visitor|MapAccess|SeqAccess|EnumAccess|VariantAccess|reader::|DeserializeSeed'),
           ('serialisation (per-type writers)','Serialize|Serializer|serde_wasm_bindgen::ser'),('formatting','core::fmt|Display|Debug|format'),
           ('vectors and iterator chains','alloc::vec|iter::|Iterator'),('rust_decimal','rust_decimal'),('chrono','chrono'),('serde_json','serde_json'),
           ('wasm-bindgen, js-sys','wasm_bindgen|js_sys'),('drop and clone glue','drop_in_place|Clone|Drop'),('kim-core: the rules','kim_core'),('kim-wasm','kim_wasm')]
    g=collections.Counter(); c=collections.Counter()
    for sz,nm in zip(bodies,out):
        nm=re.sub(r'\[[0-9a-f]{16}\]','',nm)
        lab=next((l for l,p in kinds if re.search(p,nm)),'other (std, dlmalloc, closures)')
        g[lab]+=sz; c[lab]+=1
    tot=sum(bodies)
    for lab,s in g.most_common(): print(f"{lab:36s} {s/1024:8.1f} KiB {100*s/tot:5.1f}% {c[lab]:5d} functions")
    print("total code", round(tot/1024,1), "KiB")
    sys.exit(0)
groups=collections.Counter()
for k,sz in enumerate(bodies):
    nm=names.get(k+imports,'?')
    g='other'
    for pat,lab in [('serde_path_to_error','path_to_error'),('toml','toml'),('serde_json','serde_json'),('de::Visitor|Deserialize|deserialize|visit_','deserialize'),('serialize|Serialize','serialize'),('kim_core','kim_core'),('kim_wasm','kim_wasm'),('alloc|hashbrown|BTree|btree|Vec','alloc/collections'),('core::fmt|fmt::','fmt'),('rust_decimal','rust_decimal'),('chrono','chrono'),('wasm_bindgen|js_sys','wasm_bindgen'),('serde_wasm_bindgen','serde_wasm_bindgen')]:
        if re.search(pat,nm): g=lab;break
    groups[g]+=sz
tot=sum(bodies)
for g,s in groups.most_common(): print(f"{g:22s} {s/1024:8.1f} KiB {100*s/tot:5.1f}%")
print("total code", tot/1024)
if len(sys.argv)>2:
    top=sorted(((sz,names.get(k+imports,'?')) for k,sz in enumerate(bodies)), reverse=True)[:int(sys.argv[2])]
    for sz,nm in top: print(sz, nm[:160])
