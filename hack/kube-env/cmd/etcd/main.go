// Command etcd is the etcd server, built from the same go.etcd.io/etcd/server/v3 version that the
// pinned Kubernetes release uses. etcd's own main package lives in a module that drags in its
// CLI tools, so this wrapper calls the server's entry point directly.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
