// Package demo holds the example server's demo data: three actor
// communities modelled on the anonymised fieldwork of the LKT report (a
// child with a progressive muscle disease, an elderly man after a stroke
// moved many times between hospital and nursing homes, a child with autism
// whose mother is the only channel), and demo logins for the people in
// them. Every name is fictional and every identity number synthetic.
package demo
