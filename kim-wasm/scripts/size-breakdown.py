#!/usr/bin/env python3
"""Where the code of a wasm module goes: sums function-body sizes by symbol-name group, using the
module's name section (build with kim-wasm/scripts/build.sh; the module before wasm-opt keeps names):

    python3 kim-wasm/scripts/size-breakdown.py target/wasm32-unknown-unknown/wasm-release/kim_wasm.wasm [TOP]

Prints the groups (KiB, share) and, with TOP, the TOP largest functions. Standard library only."""
import sys, re, collections
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
