// A small Node.js service with the two mistakes Concurrency Lens teaches about.
const fs = require('node:fs');
const http = require('node:http');
const { Worker } = require('node:worker_threads');

http.createServer(async (req, res) => {
  const template = fs.readFileSync('./page.html', 'utf8');
  res.end(template.replace('{{path}}', req.url));
}).listen(8080);

function thumbnails(images) {
  for (const image of images) {
    new Worker('./thumbnail.js', { workerData: image });
  }
}

module.exports = { thumbnails };
